import { z } from 'zod';

// The shapes of docs/api.md, shared by the routes (validation, serialisation) and the OpenAPI document.

export const errorSchema = z
  .object({
    error: z.looseObject({
      code: z.string().describe('a stable machine code: invalid_input, unauthenticated, forbidden, not_found, gate_blocked, conflict, rate_limited, too_large, locked, internal'),
      message: z.string().describe('what went wrong and what to do'),
    }),
  })
  .meta({ id: 'Error' });

export const recordSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    database: z.string(),
    title: z.string(),
    status: z.string(),
    fields: z.record(z.string(), z.unknown()),
    unresolved: z.record(z.string(), z.array(z.string()).readonly()),
    version: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    recordedAs: z.enum(['imported', 'starter']).optional().describe('present when the record came in as recorded, past no gate: an as-recorded import, or a pack starter'),
    archivedAt: z.string().optional().describe('present when the record is archived: lists hide it unless asked (archived=include|only)'),
    archivedBy: z.string().optional(),
  })
  .meta({ id: 'Record' });

export const leanRecordSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    title: z.string(),
    status: z.string(),
    version: z.number().int(),
    updatedAt: z.string(),
    fields: z.record(z.string(), z.unknown()).describe('only the fields asked for'),
    unresolved: z.record(z.string(), z.array(z.string()).readonly()).optional().describe('present when an asked-for relation names records not there yet'),
  })
  .meta({ id: 'LeanRecord', description: 'A record in a list asked with fields=: no database, creator or creation time, which repeat on every row' });

export const relatedSchema = z.object({ key: z.string(), title: z.string(), status: z.string(), database: z.string() });

export const recordViewSchema = recordSchema
  .extend({
    relations: z.record(z.string(), z.array(relatedSchema).readonly()).optional(),
    inverse: z
      .record(z.string(), z.array(relatedSchema).readonly())
      .optional()
      .describe('read-only: for each inverse relation its database shows, the records whose relation links this one, by key (edit the other side)'),
  })
  .meta({ id: 'RecordView' });

export const writeResultSchema = z.object({ record: recordSchema, warnings: z.array(z.string()).readonly() });

export const unmetSchema = z
  .object({
    gate: z.string(),
    criterion: z.string(),
    message: z.string(),
    error: z.string().optional(),
    field: z.string().optional(),
    step: z
      .object({ from: z.string().nullable(), to: z.string() })
      .optional()
      .describe('the move of the walk the criterion stands on: a record created in a later status walks the lifecycle from its initial status'),
  })
  .meta({ id: 'UnmetCriterion' });

export const gateReportSchema = z
  .object({
    record: z.string(),
    database: z.string(),
    status: z.string(),
    next: z
      .array(
        z.object({
          to: z.string(),
          gates: z.array(z.string()).readonly(),
          passes: z.boolean(),
          unmet: z.array(unmetSchema).readonly(),
          requiresRole: z
            .array(z.object({ gate: z.string(), roles: z.array(z.string()).readonly(), field: z.string().optional() }))
            .readonly()
            .optional()
            .describe('the gates on the way that only some roles may pass (an admin passes all)'),
          permitted: z.boolean().optional().describe('whether you have a role that may make this move'),
        }),
      )
      .readonly(),
  })
  .meta({ id: 'RecordGateReport' });

export const fieldsSchema = z.record(z.string(), z.unknown()).describe('Field name → value; a value may be JSON-typed or a string parsed by the field type; null clears');

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  recordId: z.string().nullable(),
  database: z.string().nullable(),
  recordKey: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
  signature: z.string().nullable().optional(),
  keyId: z.string().nullable().optional(),
});

export const decisionSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    scope: z.string(),
    action: z.string(),
    summary: z.string(),
    rationale: z.string().nullable(),
    recordId: z.string().nullable(),
    recordKey: z.string().nullable(),
    evidence: z.array(z.string()).readonly(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Decision' });

export const keyParams = z.object({ key: z.string().min(1).describe('a record key, an exact title, or database/key') });

/** A positive whole number from a query string. */
export const limitParam = (max: number) => z.coerce.number().int().min(1).max(max).optional();

/** Standard error responses for a route's OpenAPI entry. */
export const errors = (...statuses: (400 | 401 | 403 | 404 | 409 | 412 | 413 | 429 | 503)[]) =>
  Object.fromEntries(statuses.map((s) => [s, errorSchema])) as Record<number, typeof errorSchema>;

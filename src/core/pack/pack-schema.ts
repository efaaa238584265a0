import { z } from 'zod';
import { ROLES } from '../auth/roles.ts';
import type { AlertRule } from './alert-rule-schema.ts';
import type { Ritual } from './ritual-schema.ts';
import type { Target } from './target-schema.ts';

/** The field types of CONTRACT §3. */
export const FIELD_TYPES = [
  'title',
  'text',
  'number',
  'currency',
  'percent',
  'date',
  'datetime',
  'select',
  'multi_select',
  'checkbox',
  'url',
  'email',
  'person',
  'people',
  'relation',
  'formula',
  'rollup',
  'files',
  'signoff',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export const ROLLUP_AGGREGATES = ['count', 'sum', 'avg', 'min', 'max', 'all', 'any'] as const;
export type RollupAggregate = (typeof ROLLUP_AGGREGATES)[number];

const name = z.string().trim().min(1, 'must not be empty');

const roleName = z.enum(ROLES, { error: (issue) => `unknown role '${String(issue.input)}'; use one of ${ROLES.join(', ')}` });

/**
 * Who signs a `signoff` field: one role (`role: qa`), or the role a select of the record maps to
 * (`role: { field: Type, map: { Standard: engineering, Emergency: sre } }`), fixed by the pack so
 * the record's author can't choose it (ADR 044).
 */
export const signoffRoleSchema = z.union([roleName, z.object({ field: name, map: z.record(z.string(), roleName) }).strict()], {
  error: () => 'use a role, e.g. role: qa, or { field: <a select of the record>, map: { <option>: <role>, … } }',
});

export type SignoffRole = z.infer<typeof signoffRoleSchema>;

export const fieldSchema = z
  .object({
    name,
    type: z.enum(FIELD_TYPES, {
      error: (issue) => `unknown field type '${String(issue.input)}'; use one of ${FIELD_TYPES.join(', ')}`,
    }),
    description: z.string().optional(),
    required: z.boolean().optional(),
    options: z.array(name).optional(),
    /** Other spellings of options, read as the option: `{ Med: Medium }`. */
    aliases: z.record(z.string(), z.string()).optional(),
    /** A relation's target database, or several: `to: [requirements, icds]`. */
    to: z.union([z.string(), z.array(name).min(1, 'list at least one database')]).optional(),
    /** A relation into several databases: reference labels that name one, `{ ICD: icds }` reads `ICD:Primary Bus`. */
    refTypes: z.record(z.string(), z.string()).optional(),
    many: z.boolean().optional(),
    /** A relation's reverse, shown read-only on the records it links: `inverse: Deliverables` (ADR 046). */
    inverse: name.optional(),
    expr: z.string().optional(),
    relation: z.string().optional(),
    field: z.string().optional(),
    aggregate: z.enum(ROLLUP_AGGREGATES).optional(),
    /** A rollup over only the linked records for which this CEL holds (each as `r`, the record as `record`). */
    where: z.string().optional(),
    /** A number, currency or percent cell may carry a note beside the amount (`$12.40 (display)`): the cell's text goes to this text field. */
    note: z.string().optional(),
    /** A percent field that reads a bare number as percentage points: `90` is 90%, as `90%` is. */
    points: z.boolean().optional(),
    indexed: z.boolean().optional(),
    currency: z.string().optional(),
    /** A `signoff`'s signing role (ADR 044). */
    role: signoffRoleSchema.optional(),
    /** A `signoff` may not be signed by whom these name: `createdBy`, `updatedBy`, or a person/people field (four-eyes). */
    distinctFrom: z.array(name).optional(),
  })
  .strict();

export type FieldDef = z.infer<typeof fieldSchema>;

export const criterionSchema = z
  .object({
    id: name,
    check: z.string().min(1, 'must not be empty'),
    message: name,
    role: z.string().optional(),
  })
  .strict();

export type Criterion = z.infer<typeof criterionSchema>;

/**
 * Who may pass a gate: a list of roles (`[sre]`), or the role named in a field of the record
 * (`{ field: Approver Role }`). An admin meets every requirement (ADR 011).
 */
export const requiresRoleSchema = z.union([z.array(roleName).min(1, 'list at least one role'), z.object({ field: name }).strict()], {
  error: (issue) => {
    if (!Array.isArray(issue.input)) return 'use a list of roles, e.g. [sre], or { field: <the field that names the role> }';
    const unknown = issue.input.find((r) => !(ROLES as readonly unknown[]).includes(r));
    return unknown === undefined ? 'list at least one role' : `unknown role '${String(unknown)}'; use one of ${ROLES.join(', ')}`;
  },
});

export type RoleRequirement = z.infer<typeof requiresRoleSchema>;

export const gateSchema = z
  .object({
    id: name,
    name: z.string().optional(),
    from: z.array(name).optional(),
    into: z.array(name).optional(),
    requiresRole: requiresRoleSchema.optional(),
    criteria: z.array(criterionSchema).default([]),
  })
  .strict()
  .refine((gate) => gate.criteria.length > 0 || gate.requiresRole !== undefined, { message: 'a gate needs at least one criterion, or requiresRole', path: ['criteria'] });

export type Gate = z.infer<typeof gateSchema>;

export const statusSchema = z
  .object({
    field: name,
    values: z.array(name).min(1, 'list at least one status'),
    initial: z.string().optional(),
    transitions: z.record(z.string(), z.array(name)).optional(),
  })
  .strict();

export const waiverSchema = z
  .object({
    record: name,
    criteria: name,
    approver: name,
    expires: name,
    rationale: z.string().optional(),
    approvedWhen: z.string().min(1),
    /** What a new waiver request starts with, field by field (the web app's "Request a waiver"), e.g. `{ Type: Waiver }`. */
    request: z.record(name, z.string()).optional(),
  })
  .strict();

export type WaiverMapping = z.infer<typeof waiverSchema>;

/**
 * A record created in this database may create another: `when` (CEL over the new record) decides,
 * `set` gives each field of the new record as CEL over `record`, and `link` names the relation
 * field of this database that then points at it (seed 004's auto-stubbed design note).
 */
export const automationSchema = z
  .object({
    id: name,
    when: z.string().optional(),
    create: z
      .object({
        database: name,
        set: z.record(z.string(), z.string()),
        link: z.string().optional(),
      })
      .strict(),
  })
  .strict();

export type Automation = z.infer<typeof automationSchema>;

/** An import column that holds several fields, e.g. `Owner / Due` written `Owner/2025-02-15`. */
export const splitColumnSchema = z
  .object({
    column: name,
    into: z.array(name).min(2, 'split a column into at least two fields'),
    separator: z.string().min(1).optional(),
    /** How a part names its field (`Announce 2026-04-01`), one per field of `into`; default: the field names. */
    labels: z.array(name).optional(),
  })
  .strict();

export type SplitColumn = z.infer<typeof splitColumnSchema>;

/** One line of a seed's gate, checklist or Definition of Done, verbatim, and the criteria that enforce it. */
export const seedLineSchema = z
  .object({
    gate: name,
    line: name,
    by: z.array(name).min(1, 'name the criteria (gate/criterion) that enforce the line'),
  })
  .strict();

export type SeedLine = z.infer<typeof seedLineSchema>;

export const seedSchema = z
  .object({
    /** Where the lines come from: `000 §21`, or `pack` for a database the seeds only name. */
    source: name,
    lines: z.array(seedLineSchema),
  })
  .strict();

export const databaseSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case kebab-case, e.g. change-control'),
    name,
    /** The module the web app's sidebar groups it under (e.g. Delivery, Governance); default Other. */
    module: z.string().min(1).optional(),
    purpose: z.string().optional(),
    definitionOfDone: z.string().optional(),
    key: z.union([z.object({ field: name }).strict(), z.object({ prefix: z.string().regex(/^[A-Z][A-Z0-9]*$/, 'use upper-case letters, e.g. CHG') }).strict()]),
    fields: z.array(fieldSchema).min(1, 'a database needs at least one field'),
    status: statusSchema,
    gates: z.array(gateSchema).optional(),
    sop: z.array(z.string()).optional(),
    starter: z
      .string()
      .refine(
        (path) => !/^([a-zA-Z]:)?[\\/]/.test(path) && !path.split(/[\\/]/).includes('..'),
        'a starter is a path inside the pack folder, e.g. starters/changes.csv (no leading / and no ..)',
      )
      .optional(),
    role: z.enum(['waivers']).optional(),
    onCreate: z.array(automationSchema).optional(),
    waiver: waiverSchema.optional(),
    columns: z.array(splitColumnSchema).optional(),
    seed: seedSchema.optional(),
    /** The statuses that decide a record: a move into one freezes its evidence in the decision log (ADR 047). */
    evidence: z
      .object({ statuses: z.array(name).min(1, 'list at least one status') })
      .strict()
      .optional(),
  })
  .strict();

export type DatabaseDef = z.infer<typeof databaseSchema>;

export const packManifestSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case kebab-case'),
    name,
    version: z.string().min(1),
    description: z.string().optional(),
  })
  .strict();

export type PackManifest = z.infer<typeof packManifestSchema>;

/** A pack as loaded: its manifest, its databases in file order, and its alert rules (`alerts/*.yaml`). */
export interface Pack {
  readonly manifest: PackManifest;
  readonly databases: readonly DatabaseDef[];
  readonly alerts: readonly AlertRule[];
  /** Its delivery targets (`targets/*.yaml`, src/core/pack/target-schema.ts). */
  readonly targets: readonly Target[];
  /** Its rituals (`rituals/*.yaml`, src/core/pack/ritual-schema.ts): records created on a schedule. */
  readonly rituals: readonly Ritual[];
}

import { z } from 'zod';
import { EXPORT_FORMATS, exportRecord } from '../../app/records/export-record.ts';
import { checkRitualSnapshot } from '../../app/rituals/check-ritual-snapshot.ts';
import { listRituals } from '../../app/rituals/list-rituals.ts';
import { runRitual } from '../../app/rituals/run-ritual.ts';
import { RITUAL_KINDS } from '../../core/pack/ritual-schema.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors, keyParams } from '../api-schemas.ts';

const ritualStatus = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(RITUAL_KINDS),
    database: z.string(),
    schedule: z.string(),
    nextDue: z.string().nullable().describe('when the next occurrence falls due; null when none is known'),
    nextOccurrence: z.string().optional().describe("for a call prep, the call's key"),
  })
  .meta({ id: 'RitualStatus' });

const ritualRun = z
  .object({
    ritual: z.string(),
    occurrence: z.string(),
    due: z.string(),
    record: z.string(),
    created: z.boolean().describe('false when the record existed (created before, by this or another process)'),
    sha256: z.string().optional(),
  })
  .meta({ id: 'RitualRun' });

/** Rituals (docs/rituals.md) and the export of any record as Markdown or PDF. */
export function registerRitualRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/rituals',
    {
      schema: {
        tags: ['rituals'],
        summary: "The pack's rituals (rituals/*.yaml) and when each is next due",
        response: { 200: z.object({ rituals: z.array(ritualStatus).readonly() }), ...errors(401) },
      },
    },
    async (request) => ({ rituals: await listRituals(await ctx.session(request)) }),
  );

  app.post(
    '/rituals/:id/run',
    {
      config: { writes: true },
      schema: {
        tags: ['rituals'],
        summary: 'Create the record of the occurrence due now (or at `at`) unless it exists',
        params: z.object({ id: z.string().min(1) }),
        body: z.object({ at: z.string().optional().describe('a past ISO date or date-time') }).optional(),
        response: { 200: z.object({ runs: z.array(ritualRun).readonly() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({ runs: await runRitual(await ctx.session(request), request.params.id, { at: request.body?.at }) }),
  );

  app.get(
    '/records/:key/snapshot-check',
    {
      schema: {
        tags: ['rituals'],
        summary: "A ritual record's snapshot SHA-256 recomputed and compared with its decision, its field and its create audit entry (404 when no ritual froze one)",
        params: keyParams,
        response: {
          200: z.object({
            record: z.string(),
            ritual: z.string(),
            occurrence: z.string(),
            recomputed: z.string(),
            decision: z.string(),
            field: z.string().nullable(),
            createAudit: z.string().nullable(),
            ok: z.boolean(),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => checkRitualSnapshot(await ctx.session(request), request.params.key),
  );

  app.get(
    '/records/:key/export',
    {
      schema: {
        tags: ['records'],
        summary: "The record as a Markdown or PDF file, with its snapshot's trend charts when a ritual created it",
        params: keyParams,
        querystring: z.object({ format: z.enum(EXPORT_FORMATS, { error: () => `format must be one of ${EXPORT_FORMATS.join(', ')}` }).default('md') }),
        response: errors(400, 401, 404),
      },
    },
    async (request, reply) => {
      const file = await exportRecord(await ctx.session(request), request.params.key, request.query.format);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body as never);
    },
  );
}

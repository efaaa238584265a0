import { z } from 'zod';
import { auditTrail, verifyAudit } from '../../app/audit-trail.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { auditEntrySchema, errors, keyParams, limitParam } from '../api-schemas.ts';

const entries = z.object({ entries: z.array(auditEntrySchema).readonly() });

const auditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  records: z.number().int().optional(),
  links: z.number().int().optional(),
  keys: z.array(z.string()).readonly().optional(),
  witnessed: z.number().int().optional(),
  check: z.enum(['chain', 'witness', 'records']).optional(),
  firstBad: z.number().int().optional(),
  record: z.string().optional(),
  reason: z.string().optional(),
  at: z.string(),
});

export function registerAuditRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/records/:key/audit',
    {
      config: { cache: true },
      schema: {
        tags: ['audit'],
        summary: "A record's audit trail, newest first",
        params: keyParams,
        querystring: z.object({ limit: limitParam(10_000) }),
        response: { 200: entries, ...errors(400, 401, 404) },
      },
    },
    async (request) => ({ entries: await auditTrail(await ctx.session(request), { ref: request.params.key, limit: request.query.limit, newestFirst: true }) }),
  );

  app.get(
    '/audit',
    {
      config: { cache: true },
      schema: {
        tags: ['audit'],
        summary: "The workspace's audit trail (or one record's), newest first",
        querystring: z.object({ record: z.string().min(1).optional(), limit: limitParam(10_000).describe('default 100') }),
        response: { 200: entries, ...errors(400, 401, 404) },
      },
    },
    async (request) => ({ entries: await auditTrail(await ctx.session(request), { ref: request.query.record, limit: request.query.limit ?? 100, newestFirst: true }) }),
  );

  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the trail: hash chain, every signature, the head against the witness, and records and links against the state the trail replays to',
        description:
          'Always 200: `ok` says whether every check passed; when not, `check` says which failed and `firstBad` (an entry) or `record` (a key) and `reason` say where and what.',
        response: { 200: auditVerificationSchema, ...errors(401) },
      },
    },
    async (request) => verifyAudit(await ctx.session(request)),
  );
}

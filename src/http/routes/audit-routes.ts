import { z } from 'zod';
import { auditTrail, verifyAudit } from '../../app/audit-trail.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { auditEntrySchema, errors, keyParams, limitParam } from '../api-schemas.ts';

const entries = z.object({ entries: z.array(auditEntrySchema).readonly() });

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
        summary: 'Recompute the SHA-256 hash chain; names the first altered entry',
        response: { 200: z.looseObject({ ok: z.boolean(), entries: z.number().int() }), ...errors(401) },
      },
    },
    async (request) => verifyAudit(await ctx.session(request)),
  );
}

import { z } from 'zod';
import { recordEvidence } from '../../app/records/record-evidence.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors, keyParams } from '../api-schemas.ts';

const itemNow = z.object({ key: z.string(), version: z.number().int(), sha256: z.string() });

const evidenceReportSchema = z
  .object({
    record: z.string(),
    decision: z.object({ id: z.string(), at: z.string(), actor: z.string(), from: z.string(), to: z.string() }),
    sha256: z.string().describe('the SHA-256 of the manifest, as written to the decision entry'),
    intact: z.boolean().describe('whether the stored manifest still hashes to sha256'),
    changed: z.boolean().describe('whether anything the decision rested on differs now'),
    self: z.object({ id: z.string(), key: z.string(), database: z.string(), version: z.number().int(), sha256: z.string(), now: itemNow, changed: z.boolean() }),
    items: z
      .array(
        z.object({
          relation: z.string(),
          direction: z.enum(['link', 'inverse']),
          id: z.string(),
          key: z.string(),
          database: z.string(),
          version: z.number().int(),
          sha256: z.string(),
          now: itemNow.nullable(),
          changed: z.boolean(),
        }),
      )
      .readonly(),
    links: z.array(z.object({ field: z.string(), value: z.string(), changed: z.boolean() })).readonly(),
    added: z.array(z.object({ relation: z.string(), direction: z.enum(['link', 'inverse']), key: z.string(), database: z.string() })).readonly(),
  })
  .meta({ id: 'EvidenceReport' });

export function registerEvidenceRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/records/:key/evidence',
    {
      schema: {
        tags: ['records'],
        summary: "The evidence frozen by the record's latest decision, item by item against what is stored now (404 when none was frozen)",
        params: keyParams,
        response: { 200: evidenceReportSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => recordEvidence(await ctx.session(request), request.params.key),
  );
}

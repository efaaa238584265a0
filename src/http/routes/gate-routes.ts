import { z } from 'zod';
import { gateCheck } from '../../app/records/gate-check.ts';
import { previewGates } from '../../app/records/preview-gates.ts';
import { notFound } from '../../core/errors.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors, fieldsSchema, gateReportSchema, keyParams } from '../api-schemas.ts';
import { fieldsToPairs } from '../fields-to-pairs.ts';

export function registerGateRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/records/:key/gates',
    {
      schema: {
        tags: ['gates'],
        summary: 'What stands between a record and each of its next statuses (changes nothing)',
        params: keyParams,
        response: { 200: gateReportSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const [report] = (await gateCheck(await ctx.session(request), { ref: request.params.key })).records;
      if (!report) throw notFound(`No record has the key or title '${request.params.key}'`, { record: request.params.key });
      return report;
    },
  );

  app.post(
    '/records/:key/gates/preview',
    {
      schema: {
        tags: ['gates'],
        summary: "The record's gates evaluated over unsaved edits (the live gate panel); nothing is written",
        params: keyParams,
        body: z.object({ fields: fieldsSchema.default({}) }),
        response: { 200: gateReportSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => previewGates(await ctx.session(request), { ref: request.params.key, set: fieldsToPairs(request.body.fields) }),
  );

  app.get(
    '/gates',
    {
      schema: {
        tags: ['gates'],
        summary: 'The gates every record of a database would meet next (as `eos gate check <db> --json`)',
        querystring: z.object({ database: z.string().min(1) }),
        response: { 200: z.object({ records: z.array(gateReportSchema).readonly(), checked: z.number().int(), blocked: z.number().int() }), ...errors(400, 401, 404) },
      },
    },
    async (request) => gateCheck(await ctx.session(request), { database: request.query.database }),
  );
}

import { z } from 'zod';
import { checkSop, readSop } from '../../app/records/sop-checklist.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors, keyParams } from '../api-schemas.ts';

const sopSchema = z.object({
  record: z.string(),
  database: z.string(),
  steps: z
    .array(
      z.object({
        step: z.number().int().describe('1-based'),
        text: z.string(),
        done: z.boolean().describe("ticked under the step's current text"),
        checkedBy: z.string().nullable(),
        checkedAt: z.string().nullable(),
      }),
    )
    .readonly(),
  done: z.number().int(),
  total: z.number().int(),
});

export function registerSopRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/records/:key/sop',
    {
      config: { cache: true },
      schema: {
        tags: ['records'],
        summary: "A record's SOP checklist: each step of its database's SOP, who ticked it and when",
        params: keyParams,
        response: { 200: sopSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => readSop(await ctx.session(request), request.params.key),
  );

  app.put(
    '/records/:key/sop/:step',
    {
      config: { writes: true },
      schema: {
        tags: ['records'],
        summary: 'Tick (done: true) or untick an SOP step; doing what is already done changes nothing',
        params: keyParams.extend({ step: z.coerce.number().int().describe('the step, 1-based') }),
        body: z.object({ done: z.boolean() }),
        response: { 200: sopSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => checkSop(await ctx.session(request), { ref: request.params.key, step: request.params.step, done: request.body.done }),
  );
}

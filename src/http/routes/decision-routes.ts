import { z } from 'zod';
import { decide, listDecisions } from '../../app/decide.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { decisionSchema, errors, limitParam } from '../api-schemas.ts';

export function registerDecisionRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/decisions',
    {
      config: { cache: true },
      schema: {
        tags: ['decisions'],
        summary: 'The decision log, newest first',
        querystring: z.object({ scope: z.string().optional(), action: z.string().optional(), record: z.string().optional(), limit: limitParam(10_000) }),
        response: { 200: z.object({ decisions: z.array(decisionSchema).readonly() }), ...errors(400, 401, 404) },
      },
    },
    async (request) => ({ decisions: await listDecisions(await ctx.session(request), request.query) }),
  );

  app.post(
    '/decisions',
    {
      config: { writes: true },
      schema: {
        tags: ['decisions'],
        summary: 'Append to the decision log',
        body: z.object({
          scope: z.string().min(1),
          action: z.string().min(1),
          summary: z.string().min(1),
          rationale: z.string().optional(),
          record: z.string().min(1).optional(),
          evidence: z.array(z.string().min(1)).optional(),
        }),
        response: { 201: decisionSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await decide(await ctx.session(request), request.body)),
  );
}

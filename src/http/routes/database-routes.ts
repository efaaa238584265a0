import { z } from 'zod';
import { listDatabases } from '../../app/list-databases.ts';
import { databaseOf } from '../../app/session.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors } from '../api-schemas.ts';

const summary = z.object({
  id: z.string(),
  name: z.string(),
  module: z.string().nullable(),
  /** `waivers`: the database whose approved records waive gate criteria (CONTRACT §4). */
  role: z.enum(['waivers']).optional(),
  prefix: z.string().optional(),
  statusField: z.string(),
  statuses: z.array(z.string()).readonly(),
  count: z.number().int(),
});

export function registerDatabaseRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/databases',
    {
      config: { cache: true },
      schema: { tags: ['databases'], summary: 'The databases, with their record counts', response: { 200: z.object({ databases: z.array(summary).readonly() }), ...errors(401) } },
    },
    async (request) => ({ databases: await listDatabases(await ctx.session(request)) }),
  );
  app.get(
    '/databases/:id',
    {
      config: { cache: true },
      schema: {
        tags: ['databases'],
        summary: "A database's definition: fields, statuses, transitions, gates, Definition of Done, SOP (as `eos db show --json`)",
        params: z.object({ id: z.string().min(1) }),
        response: { 200: z.looseObject({ id: z.string(), name: z.string() }), ...errors(401, 404) },
      },
    },
    async (request) => databaseOf(await ctx.session(request), request.params.id),
  );
}

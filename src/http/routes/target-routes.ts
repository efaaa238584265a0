import { z } from 'zod';
import { listTargets, MAX_TREND_PERIODS } from '../../app/list-targets.ts';
import { METRIC_SCOPE_KINDS } from '../../core/metrics/gate-metric.ts';
import { TARGET_DIRECTIONS, TARGET_SEVERITIES } from '../../core/pack/target-schema.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors } from '../api-schemas.ts';

const point = z.object({ from: z.string(), to: z.string(), value: z.number().nullable() });

const targetStatus = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    metric: z.string(),
    window: z.string(),
    scope: z.object({ kind: z.enum(METRIC_SCOPE_KINDS), value: z.string().optional() }),
    threshold: z.object({ value: z.number(), direction: z.enum(TARGET_DIRECTIONS) }),
    severity: z.enum(TARGET_SEVERITIES),
    seed: z.object({ source: z.string(), line: z.string() }).optional(),
    unit: z.enum(['minutes', 'ratio', 'days', 'lines', 'count']),
    actual: z.number().nullable().describe('the metric over the window ending now; null without data'),
    reason: z.string().optional().describe('why actual is null'),
    met: z.boolean().nullable().describe('whether actual meets the threshold; null without data'),
    trend: z.array(point).readonly().describe('the current window and the `periods` windows before it, oldest first'),
  })
  .meta({ id: 'TargetStatus' });

/** The pack's delivery targets against their actuals (issue 12, docs/targets.md). */
export function registerTargetRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/targets',
    {
      schema: {
        tags: ['delivery'],
        summary: "Each of the pack's targets (targets/*.yaml) against its actual now: met or not, with the windows before as a trend",
        querystring: z.object({ periods: z.coerce.number().int().min(0).max(MAX_TREND_PERIODS).optional().describe('earlier windows in the trend (default 4)') }),
        response: { 200: z.object({ at: z.string(), targets: z.array(targetStatus).readonly() }), ...errors(400, 401) },
      },
    },
    async (request) => listTargets(await ctx.session(request), { periods: request.query.periods }),
  );
}

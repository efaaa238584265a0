import { z } from 'zod';
import { listAlerts } from '../../app/alerts/list-alerts.ts';
import { runAlertPass } from '../../app/alerts/run-alert-pass.ts';
import type { AlertSender } from '../../core/alerts/alert-channel.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors } from '../api-schemas.ts';

export interface AlertRouteOptions {
  /** How notifications leave (the real sender in `eos serve`). */
  readonly send: AlertSender;
  /** The public address that makes the links in notifications absolute. */
  readonly baseUrl?: string | undefined;
}

const alertSchema = z
  .object({
    rule: z.object({ id: z.string(), name: z.string(), kind: z.string(), severity: z.string() }).nullable().describe('null when the pack no longer has the rule'),
    ruleId: z.string(),
    subject: z.string().describe("a record key, '<pr id>#firstReview|approval', or '' for a metric rule"),
    label: z.string(),
    link: z.string().nullable().describe("the subject's page in the web app (/records/KEY, /pull-requests/ID, /metrics)"),
    level: z.number().int().describe('1, or the escalation ladder step (1–3)'),
    state: z.enum(['firing', 'resolved']),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
    since: z.string(),
    lastNotifiedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'Alert' });

const passSchema = z.object({
  at: z.string(),
  dryRun: z.boolean(),
  rules: z.number().int(),
  firing: z.number().int(),
  events: z
    .array(
      z.object({
        event: z.enum(['firing', 'escalated', 'repeat', 'resolved']),
        rule: z.string(),
        severity: z.string(),
        subject: z.string(),
        label: z.string(),
        level: z.number().int(),
        message: z.string(),
        channels: z.array(z.string()).readonly(),
      }),
    )
    .readonly(),
  deliveries: z
    .array(
      z.object({
        channel: z.string(),
        event: z.string(),
        rule: z.string(),
        subject: z.string(),
        attempt: z.number().int(),
        status: z.enum(['sent', 'failed', 'skipped']),
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        retryAt: z.string().nullable(),
      }),
    )
    .readonly(),
  errors: z.array(z.object({ rule: z.string(), message: z.string() })).readonly(),
});

export function registerAlertRoutes(app: ApiApp, ctx: ApiContext, options: AlertRouteOptions): void {
  app.get(
    '/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The alerts firing now, as the last pass left them (all=true: resolved ones too)',
        querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ alerts: z.array(alertSchema).readonly() }), ...errors(400, 401) },
      },
    },
    async (request) => ({ alerts: await listAlerts(await ctx.session(request), { all: request.query.all === 'true' }) }),
  );

  app.post(
    '/alerts/run',
    {
      config: { writes: true },
      schema: {
        tags: ['alerts'],
        summary: 'Run one alert pass now, as eos alerts run (admins; with dryRun, which writes and sends nothing, any role but viewer)',
        body: z.object({ dryRun: z.boolean().optional() }).nullish().describe('optional: {dryRun}'),
        response: { 200: passSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => runAlertPass(await ctx.session(request), { dryRun: request.body?.dryRun ?? false, send: options.send, baseUrl: options.baseUrl }),
  );
}

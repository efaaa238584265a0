import { z } from 'zod';
import { listAlertRules, listAlerts } from '../../app/alerts/list-alerts.ts';
import { runAlertPass } from '../../app/alerts/run-alert-pass.ts';
import type { AlertSender } from '../../core/alerts/alert-channel.ts';
import { ALERT_KINDS, ALERT_SEVERITIES } from '../../core/pack/alert-rule-schema.ts';
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

const ruleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(ALERT_KINDS),
    severity: z.enum(ALERT_SEVERITIES),
    description: z.string().optional(),
    message: z.string().optional().describe("the rule's template; absent: the kind's default message"),
    notify: z.array(z.string()).readonly().describe("the workspace's channel names it notifies"),
    escalate: z.record(z.string(), z.array(z.string()).readonly()).optional().describe('escalation: more channels from a level of the ladder up'),
    repeat: z.string().optional().describe('re-notify while it keeps firing, at most this often (30m, 24h, 2d, 1w)'),
    seed: z.object({ source: z.string(), line: z.string() }).optional().describe('the seed line the rule enforces, verbatim'),
    database: z.string().optional().describe('records: the database it watches'),
    where: z.string().optional().describe('records: the CEL condition over record'),
    when: z.string().optional().describe('metric: the CEL condition over metric()'),
    window: z.string().optional().describe('review-sla: how far back merged PRs count'),
  })
  .meta({ id: 'AlertRule' });

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

  app.get(
    '/alerts/rules',
    {
      schema: {
        tags: ['alerts'],
        summary: "The pack's alert rules, as eos alerts rules",
        response: { 200: z.object({ rules: z.array(ruleSchema).readonly() }), ...errors(401) },
      },
    },
    async (request) => ({ rules: await listAlertRules(await ctx.session(request)) }),
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

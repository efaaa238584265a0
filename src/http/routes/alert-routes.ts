import { z } from 'zod';
import { addChannel, listChannels, removeChannel, testChannel } from '../../app/alerts/alert-channels.ts';
import { listAlertDeliveries, listAlertRules, listAlerts } from '../../app/alerts/list-alerts.ts';
import { runAlertPass } from '../../app/alerts/run-alert-pass.ts';
import { actorOf } from '../../app/session.ts';
import { type AlertSender, describeChannel } from '../../core/alerts/alert-channel.ts';
import { assertAdmin } from '../../core/auth/role-policy.ts';
import { ALERT_KINDS, ALERT_SEVERITIES, MONITOR_SIGNALS } from '../../core/pack/alert-rule-schema.ts';
import type { StoredChannel } from '../../store/alert-channel-rows.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors, limitParam } from '../api-schemas.ts';

/** When this server last ran an alert pass to the end (scheduled or asked for), or null: not checked yet. */
export interface AlertCheckState {
  checkedAt: string | null;
}

export interface AlertRouteOptions {
  /** How notifications leave (the real sender in `eos serve`). */
  readonly send: AlertSender;
  /** The public address that makes the links in notifications absolute. */
  readonly baseUrl?: string | undefined;
  /** When this server last ran a pass; a pass asked for here updates it too. */
  readonly checked?: AlertCheckState | undefined;
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
    escalate: z.record(z.string(), z.array(z.string()).readonly()).optional().describe('escalation, review-sla: more channels from a level of the ladder up'),
    repeat: z.string().optional().describe('re-notify while it keeps firing, at most this often (30m, 24h, 2d, 1w)'),
    seed: z.object({ source: z.string(), line: z.string() }).optional().describe('the seed line the rule enforces, verbatim'),
    database: z.string().optional().describe('records: the database it watches'),
    where: z.string().optional().describe('records: the CEL condition over record'),
    people: z.array(z.string()).readonly().optional().describe('records: the person fields whose values the alert reaches (details.people)'),
    when: z.string().optional().describe('metric: the CEL condition over metric()'),
    window: z.string().optional().describe('review-sla: how far back merged PRs count; monitor: how far back the signal is read'),
    signal: z.enum(MONITOR_SIGNALS).optional().describe('monitor: the ingested signal it reads'),
    metric: z.string().optional().describe('monitor slo: the sample metric it watches; team-metric: the delivery metric, per team'),
    above: z.number().optional().describe('monitor: fires over this value'),
    below: z.number().optional().describe('monitor: fires under this value'),
    atLeast: z.number().optional().describe('monitor: fires at this value or more'),
    after: z.string().optional().describe('monitor unacknowledged: how long an incident may wait for an acknowledgement'),
    severities: z.array(z.string()).readonly().optional().describe('monitor unacknowledged: the incident severities it watches'),
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
        response: {
          200: z.object({
            alerts: z.array(alertSchema).readonly(),
            checkedAt: z.string().nullable().describe('when this server last ran an alert pass (it runs one at start-up); null: not checked yet, so an empty list says nothing'),
          }),
          ...errors(400, 401),
        },
      },
    },
    async (request) => ({
      alerts: await listAlerts(await ctx.session(request), { all: request.query.all === 'true' }),
      checkedAt: options.checked?.checkedAt ?? null,
    }),
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
    async (request) => {
      const report = await runAlertPass(await ctx.session(request), { dryRun: request.body?.dryRun ?? false, send: options.send, baseUrl: options.baseUrl });
      if (!report.dryRun && options.checked) options.checked.checkedAt = report.at;
      return report;
    },
  );

  registerChannelRoutes(app, ctx, options);
}

const channelSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['webhook', 'email']),
    sends: z.string().describe('where it sends, for people: a webhook URL without its query, never a secret'),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'AlertChannel' });

/** A channel as the API shows it: where it sends, with a webhook's query string left out (it may hold a token). */
function channelView(c: StoredChannel): z.infer<typeof channelSchema> {
  return { name: c.name, kind: c.kind, sends: describeChannel(c), createdAt: c.createdAt, createdBy: c.createdBy };
}

/** The channels and the delivery log, as `eos alerts channel add|list|remove`, `eos alerts test` and `eos alerts log`. */
function registerChannelRoutes(app: ApiApp, ctx: ApiContext, options: AlertRouteOptions): void {
  app.get(
    '/alerts/channels',
    {
      schema: {
        tags: ['alerts'],
        summary: "The workspace's notification channels (admins), as eos alerts channel list",
        response: { 200: z.object({ channels: z.array(channelSchema).readonly() }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const session = await ctx.session(request);
      assertAdmin(actorOf(session), 'list alert channels');
      return { channels: (await listChannels(session)).map(channelView) };
    },
  );

  app.post(
    '/alerts/channels',
    {
      config: { writes: true },
      schema: {
        tags: ['alerts'],
        summary: 'Add a channel, or replace the one of that name (admins), as eos alerts channel add: a webhook, or email over SMTP',
        body: z.object({
          name: z.string().min(1),
          webhook: z.string().optional().describe('POST each notification as JSON to this URL'),
          secretEnv: z.string().optional().describe('the environment variable holding the webhook signing secret'),
          email: z.string().optional().describe('addresses, comma-separated'),
          smtp: z.string().optional().describe('host:port'),
          from: z.string().optional(),
          user: z.string().optional(),
          passwordEnv: z.string().optional().describe('the environment variable holding the SMTP password'),
        }),
        response: { 201: z.object({ channel: channelSchema }), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send({ channel: channelView(await addChannel(await ctx.session(request), request.body)) }),
  );

  app.delete(
    '/alerts/channels/:name',
    {
      config: { writes: true },
      schema: {
        tags: ['alerts'],
        summary: 'Remove a channel (admins), as eos alerts channel remove',
        params: z.object({ name: z.string().min(1) }),
        response: { 200: z.object({ channel: channelSchema }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ channel: channelView(await removeChannel(await ctx.session(request), request.params.name)) }),
  );

  app.post(
    '/alerts/channels/:name/test',
    {
      config: { writes: true },
      schema: {
        tags: ['alerts'],
        summary: 'Send a test notification to a channel now (admins), as eos alerts test; the attempt goes to the delivery log',
        params: z.object({ name: z.string().min(1) }),
        response: {
          200: z.object({ channel: z.string(), ok: z.boolean(), statusCode: z.number().int().nullable(), response: z.string().nullable(), error: z.string().nullable() }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => testChannel(await ctx.session(request), request.params.name, options.send),
  );

  app.get(
    '/alerts/log',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The delivery log, newest first, as eos alerts log: every attempt with its HTTP status or SMTP reply',
        querystring: z.object({ limit: limitParam(1000).describe('at most this many (default 50)') }),
        response: {
          200: z.object({
            deliveries: z
              .array(
                z.object({
                  notificationId: z.string(),
                  attempt: z.number().int(),
                  channel: z.string(),
                  status: z.enum(['sent', 'failed', 'skipped']),
                  statusCode: z.number().int().nullable(),
                  response: z.string().nullable(),
                  error: z.string().nullable(),
                  at: z.string(),
                  event: z.string(),
                  ruleId: z.string(),
                  subject: z.string(),
                }),
              )
              .readonly(),
          }),
          ...errors(400, 401),
        },
      },
    },
    async (request) => ({ deliveries: await listAlertDeliveries(await ctx.session(request), request.query.limit ?? 50) }),
  );
}

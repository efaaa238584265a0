import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { computeDeliveryMetrics, listPrMetrics, type MetricsOptions } from '../../app/compute-metrics.ts';
import { computeRecordFlow } from '../../app/compute-record-flow.ts';
import { deliveryFilters } from '../../app/delivery-filters.ts';
import { EVENT_KINDS, ingestEvents } from '../../app/ingest-events.ts';
import { pullRequestDetail } from '../../app/pull-request-detail.ts';
import type { Session } from '../../app/session.ts';
import { MAX_WEEKS, weeklyDelivery } from '../../app/weekly-delivery.ts';
import { invalidInput, unauthenticated } from '../../core/errors.ts';
import { prUrl } from '../../core/metrics/pr-url.ts';
import { MONITOR_EVENT_KINDS, type MonitorEventKind } from '../../core/monitors/monitor-events.ts';
import { ingestWebhook } from '../../integrations/ingest-webhook.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors } from '../api-schemas.ts';

export interface DeliveryRouteOptions {
  /** The secret GitHub signs webhook deliveries with (`EOS_WEBHOOK_SECRET`); without it, only a bearer token lets a delivery in. */
  readonly webhookSecret?: string | undefined;
  /** The session a signed GitHub delivery without a token acts as. */
  readonly webhookSession: () => Promise<Session>;
}

/** Who a signed delivery without a token is recorded as. */
export const WEBHOOK_ACTOR = { name: 'github-webhook', role: 'editor' } as const;

/** A batch of events can be large (a backfill); a webhook delivery is at most 25 MB on GitHub. */
const EVENTS_BODY_LIMIT = 32 * 1024 * 1024;

const counts = z.object({ inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
const ingestResult = z.object({
  ...(Object.fromEntries(EVENT_KINDS.map((k) => [k, counts])) as Record<(typeof EVENT_KINDS)[number], typeof counts>),
  ...(Object.fromEntries(MONITOR_EVENT_KINDS.map((k) => [k, counts.optional()])) as Record<MonitorEventKind, z.ZodOptional<typeof counts>>),
});

const eventsReply = z.object({
  event: z.string().describe("the X-GitHub-Event, 'incident', or 'batch'"),
  id: z.string().optional().describe('the pull request, deployment part or incident the delivery was about'),
  stored: ingestResult.nullable().describe('rows inserted / updated / unchanged per kind; null when the delivery changes nothing'),
  ignored: z.string().optional().describe('why nothing was stored'),
  duplicate: z.literal(true).optional().describe('this delivery id was taken before: nothing was written'),
});

const windowQuery = {
  from: z.string().optional().describe('YYYY-MM-DD or ISO date-time; default 90 days before `to`'),
  to: z.string().optional().describe('YYYY-MM-DD (the end of that day) or ISO date-time; default now'),
  project: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  service: z.string().min(1).optional().describe("a service of the pack's Services database: its name is its project"),
};
const reportQuery = z.enum(['2023', '2021']).optional().describe('DORA benchmark report (default 2023)');

const level = z.enum(['elite', 'high', 'medium', 'low']).nullable();
const metricBase = { level, label: z.string(), reason: z.string().optional() };
const breach = z.object({
  prId: z.string(),
  project: z.string(),
  kind: z.enum(['firstReview', 'approval']),
  businessMinutes: z.number().int(),
  url: z.string().nullable().describe("the PR's web address when its id is GitHub's (owner/name#number), else null"),
});

const deliveryMetrics = z
  .looseObject({
    from: z.string(),
    to: z.string(),
    report: z.enum(['2023', '2021']),
    projects: z.array(z.string()).readonly().nullable(),
    team: z.string().nullable(),
    warnings: z.array(z.string()).readonly(),
    deploymentFrequency: z.looseObject({
      ...metricBase,
      deployments: z.number().int(),
      deployDays: z.number().int(),
      medianDeployDaysPerWeek: z.number().nullable().optional(),
      medianDeployDaysPerMonth: z.number().nullable().optional(),
    }),
    leadTimeForChanges: z.looseObject({ ...metricBase, medianMinutes: z.number().nullable(), changes: z.number().int() }),
    changeFailureRate: z.looseObject({ ...metricBase, value: z.number().nullable(), failedDeployments: z.number().int(), deployments: z.number().int() }),
    recoveryTime: z.looseObject({
      ...metricBase,
      kind: z.enum(['failedDeploymentRecoveryTime', 'timeToRestoreService']),
      medianMinutes: z.number().nullable(),
      incidents: z.number().int(),
    }),
    prCycleTime: z.looseObject({
      prs: z.number().int(),
      medianMinutes: z.number().nullable(),
      codingMinutes: z.number().nullable(),
      pickupMinutes: z.number().nullable(),
      reviewMinutes: z.number().nullable(),
      deployMinutes: z.number().nullable(),
    }),
    reviewSla: z.object({ firstReviewOver4h: z.number().int(), approvalOver24h: z.number().int(), businessHours: z.literal(true), breaches: z.array(breach).readonly() }),
    records: z
      .looseObject({})
      .nullable()
      .describe(
        'flow metrics from the records (WIP per person, stale In Progress, blocked items on the escalation ladder, P1/P2 incidents per month, retros); null without a Work Items database',
      ),
  })
  .meta({ id: 'DeliveryMetrics' });

const prRow = z.looseObject({
  prId: z.string(),
  project: z.string(),
  repo: z.string(),
  prCreatedAt: z.string(),
  prMergedAt: z.string(),
  codingMinutes: z.number().int().nullable(),
  pickupMinutes: z.number().int().nullable(),
  reviewMinutes: z.number().int().nullable(),
  deployMinutes: z.number().int().nullable(),
  cycleMinutes: z.number().int(),
  url: z.string().nullable(),
});

const pullRequestReply = z.object({ pullRequest: z.looseObject({ id: z.string() }), stages: prRow.omit({ url: true }).nullable(), url: z.string().nullable() });

const week = z.object({
  weekStart: z.string(),
  from: z.string(),
  to: z.string(),
  deployments: z.number().int(),
  deployDays: z.number().int(),
  leadTimeMinutes: z.number().nullable(),
  changeFailureRate: z.number().nullable(),
  failedDeployments: z.number().int(),
  recoveryMinutes: z.number().nullable(),
  mergedPrs: z.number().int(),
  cycleMinutes: z.number().nullable(),
  codingMinutes: z.number().nullable(),
  pickupMinutes: z.number().nullable(),
  reviewMinutes: z.number().nullable(),
  deployMinutes: z.number().nullable(),
  firstReviewSlaBreaches: z.number().int(),
  approvalSlaBreaches: z.number().int(),
});

/** `service` is another name for its project; it can't be combined with `project` or `team`. */
function scopeOf(query: { project?: string | undefined; team?: string | undefined; service?: string | undefined }): Pick<MetricsOptions, 'project' | 'team'> {
  const given = (['project', 'team', 'service'] as const).filter((k) => query[k] !== undefined);
  if (given.length > 1) throw invalidInput(`Give one of project, team or service, not ${given.join(' and ')}`, { problems: given.map((field) => ({ in: 'querystring', field })) });
  return { project: query.project ?? query.service, team: query.team };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** POST /events: the body as sent, for the webhook signature. */
    rawBody?: string;
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Delivery events in (webhooks, batches) and delivery metrics out (CONTRACT §7). */
export function registerDeliveryRoutes(app: ApiApp, ctx: ApiContext, options: DeliveryRouteOptions): void {
  app.register(async (child) => {
    // The webhook signature covers the bytes GitHub sent: keep them beside the parsed body.
    child.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: EVENTS_BODY_LIMIT }, (request, body, done) => {
      const text = body as string;
      request.rawBody = text;
      if (text.trim() === '') return done(invalidInput('The body is empty: send a JSON object (Content-Type: application/json)', { in: 'body' }));
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(error as SyntaxError);
      }
    });
    const routes = child as unknown as ApiApp;
    routes.post(
      '/events',
      {
        bodyLimit: EVENTS_BODY_LIMIT,
        // Public so that GitHub, which can't send a token, gets in with a valid signature; the handler decides.
        config: { writes: true, public: true },
        schema: {
          tags: ['delivery'],
          summary: 'Ingest delivery events: a GitHub webhook, a generic incident, or a CONTRACT §7 batch',
          description:
            'With X-GitHub-Event (deployment, deployment_status, pull_request, pull_request_review, ping) the body is the GitHub payload; ' +
            'without it, a body with pullRequests/deployments/incidents/commits is a batch (as eos ingest events), any other object an incident ({id, createdAt?, resolvedAt?, …}). ' +
            'A bearer token (editor or above) authenticates any delivery. When the server has a webhook secret (EOS_WEBHOOK_SECRET), every GitHub delivery must carry a matching ' +
            'X-Hub-Signature-256, and a signed one needs no token (it is recorded as github-webhook).',
          headers: z.looseObject({
            'x-github-event': z.string().optional().describe('the GitHub event name'),
            'x-hub-signature-256': z.string().optional().describe('sha256=<HMAC of the raw body under the webhook secret>'),
            'x-github-delivery': z.string().optional().describe("GitHub's delivery id: a delivery taken before is answered {duplicate: true}"),
            'x-delivery-id': z.string().optional().describe('the same, for other senders'),
          }),
          body: z.looseObject({}).describe('a GitHub webhook payload, an incident, or {pullRequests?, deployments?, incidents?, commits?}'),
          response: { 200: eventsReply, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const event = header(request, 'x-github-event');
        const signature = header(request, 'x-hub-signature-256');
        const secret = options.webhookSecret;
        const signed = event !== undefined && secret !== undefined && secret !== '';
        let session: Session;
        if (request.user) session = await ctx.session(request);
        else if (signed) session = await options.webhookSession();
        else
          throw unauthenticated(
            event !== undefined
              ? "Sign in first: send Authorization: Bearer <token> (an editor's), or configure the webhook secret on the server (EOS_WEBHOOK_SECRET) and on GitHub"
              : 'Sign in first: send Authorization: Bearer <token>',
          );
        const body = request.body as Record<string, unknown>;
        if (event === undefined && [...EVENT_KINDS, ...MONITOR_EVENT_KINDS].some((k) => k in body)) {
          return { event: 'batch', stored: await ingestEvents(session, body, { source: 'the request body' }) };
        }
        return ingestWebhook(session, {
          event: event ?? 'incident',
          payload: body,
          deliveryId: header(request, 'x-github-delivery') ?? header(request, 'x-delivery-id'),
          ...(signed ? { secret, signature, rawBody: request.rawBody ?? JSON.stringify(body) } : {}),
        });
      },
    );
  });

  app.get(
    '/metrics/delivery',
    {
      schema: {
        tags: ['delivery'],
        summary: 'DORA keys (as DevLake computes them), PR cycle time, review SLAs and flow metrics from records (eos metrics --json)',
        querystring: z.object({ ...windowQuery, report: reportQuery }),
        response: { 200: deliveryMetrics, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const session = await ctx.session(request);
      const m = await computeDeliveryMetrics(session, { from: request.query.from, to: request.query.to, report: request.query.report, ...scopeOf(request.query) });
      const records = await computeRecordFlow(session, { from: m.from, to: m.to });
      const body = { ...m, reviewSla: { ...m.reviewSla, breaches: m.reviewSla.breaches.map((b) => ({ ...b, url: prUrl(b.prId) })) }, records };
      // The app's interfaces have no index signatures; the loose schema passes their other keys through.
      return body as unknown as z.infer<typeof deliveryMetrics>;
    },
  );

  app.get(
    '/metrics/delivery/weekly',
    {
      schema: {
        tags: ['delivery'],
        summary: 'The same metrics week by week (Monday to Sunday, UTC), the last week holding `to`: the Metrics page trends',
        querystring: z.object({
          to: windowQuery.to,
          project: windowQuery.project,
          team: windowQuery.team,
          service: windowQuery.service,
          report: reportQuery,
          weeks: z.coerce.number().int().min(1).max(MAX_WEEKS).optional().describe('default 12'),
        }),
        response: { 200: z.object({ from: z.string(), to: z.string(), report: z.string(), weeks: z.array(week).readonly() }), ...errors(400, 401, 404) },
      },
    },
    async (request) => weeklyDelivery(await ctx.session(request), { to: request.query.to, report: request.query.report, weeks: request.query.weeks, ...scopeOf(request.query) }),
  );

  // The PR rows answer under both names: /metrics/prs, and beside the metrics they break down.
  for (const path of ['/metrics/prs', '/metrics/delivery/prs']) {
    app.get(
      path,
      {
        schema: {
          tags: ['delivery'],
          summary: "Each PR merged in the window with its stage times (DevLake's project_pr_metrics; eos metrics prs --json)",
          querystring: z.object(windowQuery),
          response: { 200: z.object({ from: z.string(), to: z.string(), prs: z.array(prRow).readonly() }), ...errors(400, 401, 404) },
        },
      },
      async (request) => {
        const result = await listPrMetrics(await ctx.session(request), { from: request.query.from, to: request.query.to, ...scopeOf(request.query) });
        return { ...result, prs: result.prs.map((p) => ({ ...p, url: prUrl(p.prId) })) };
      },
    );
  }

  app.get(
    '/metrics/pull-request',
    {
      schema: {
        tags: ['delivery'],
        summary: 'One pull request as stored: commits, reviews and stage times',
        querystring: z.object({ id: z.string().min(1).describe('the PR id, e.g. owner/name#12') }),
        response: {
          200: pullRequestReply,
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => (await pullRequestDetail(await ctx.session(request), request.query.id)) as unknown as z.infer<typeof pullRequestReply>,
  );

  app.get(
    '/metrics/filters',
    {
      schema: {
        tags: ['delivery'],
        summary: 'What delivery metrics can be narrowed to: projects, teams and services',
        response: { 200: z.object({ projects: z.array(z.string()).readonly(), teams: z.array(z.string()).readonly(), services: z.array(z.string()).readonly() }), ...errors(401) },
      },
    },
    async (request) => deliveryFilters(await ctx.session(request)),
  );
}

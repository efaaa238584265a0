import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthPlugin } from '../src/http/auth/auth-plugin.ts';
import { buildServer } from '../src/http/build-server.ts';
import { signWebhookBody } from '../src/integrations/github/verify-webhook-signature.ts';
import type { Store } from '../src/store/store.ts';
import { storedIncident, storedPullRequest } from '../src/store/stored-delivery-events.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

// A week of delivery (Monday 2 March to Sunday 8 March 2026) with numbers worked out by hand:
// d0 is the first deployment of its series and ships nothing; pr1 ships with d1, pr2 with d2;
// the incident is created after d2 and blamed on it.
//   pr1: coding 03-02 09:00 → 03-03 09:00 = 1440, pickup 60, review 300, deploy 15:00 → 03-04 12:00 = 1260, cycle 3060
//   pr2: coding 60, pickup 420 (7 business hours > 4: a first-review breach), review 60, deploy 1140, cycle 1680
//   lead time = lower median(1680, 3060) = 1680; CFR = 1 of 3 deployments = 0.3333; recovery = 15:00 − 12:00 = 180
const BATCH = {
  pullRequests: [
    {
      id: 'octo/api#1',
      project: 'api',
      repo: 'api',
      number: 1,
      title: 'Add the ledger',
      author: 'ana',
      createdAt: '2026-03-03T09:00:00Z',
      mergedAt: '2026-03-03T15:00:00Z',
      mergeCommitSha: 'aaa1',
      additions: 30,
      deletions: 4,
      commits: [{ sha: 'c001', authoredAt: '2026-03-02T09:00:00Z' }],
      reviews: [{ id: 'r1', author: 'ben', state: 'APPROVED', submittedAt: '2026-03-03T10:00:00Z' }],
    },
    {
      id: 'pr-2',
      project: 'api',
      repo: 'api',
      title: 'Fix rounding',
      author: 'ben',
      createdAt: '2026-03-04T09:00:00Z',
      mergedAt: '2026-03-04T17:00:00Z',
      mergeCommitSha: 'aaa2',
      commits: [{ sha: 'c002', authoredAt: '2026-03-04T08:00:00Z' }],
      reviews: [{ id: 'r2', author: 'cy', state: 'APPROVED', submittedAt: '2026-03-04T16:00:00Z' }],
    },
  ],
  deployments: [
    { id: 'd0', project: 'api', repo: 'api', environment: 'production', result: 'success', startedAt: '2026-03-02T09:50:00Z', finishedAt: '2026-03-02T10:00:00Z' },
    {
      id: 'd1',
      project: 'api',
      repo: 'api',
      environment: 'production',
      result: 'success',
      startedAt: '2026-03-04T11:50:00Z',
      finishedAt: '2026-03-04T12:00:00Z',
      shippedCommits: ['aaa1'],
    },
    {
      id: 'd2',
      project: 'api',
      repo: 'api',
      environment: 'production',
      result: 'success',
      startedAt: '2026-03-05T11:50:00Z',
      finishedAt: '2026-03-05T12:00:00Z',
      shippedCommits: ['aaa2'],
    },
  ],
  incidents: [{ id: 'INC-1', project: 'api', title: 'Ledger 500s', severity: 'P2', createdAt: '2026-03-05T13:00:00Z', resolvedAt: '2026-03-05T15:00:00Z' }],
};

const WINDOW = 'from=2026-03-02&to=2026-03-08';
const SECRET = 'webhook-secret-for-tests';

describe.each(ENGINES)('delivery events and metrics over HTTP on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  let signedApp: FastifyInstance;
  const post = (payload: unknown, headers: Record<string, string> = w.as('ana')) =>
    app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
  const get = (url: string, who: 'ana' | 'vic' = 'vic') => app.inject({ url, headers: w.as(who) });

  beforeAll(async () => {
    store = await openEngine(engine);
    // The clock is the Sunday evening after the week, so the Prometheus window (30 days) holds it all.
    const clock = () => new Date('2026-03-08T20:00:00Z');
    w = await httpWorkspace(store, { clock });
    app = w.app;
    signedApp = await buildServer({
      store,
      workspaceId: w.session.workspaceId,
      auth: createAuthPlugin({ store, workspaceId: w.session.workspaceId, clock }),
      clock,
      webhookSecret: SECRET,
    });
  });
  afterAll(async () => {
    await app.close();
    await signedApp.close();
    await store.close();
  });

  it('ingests a CONTRACT §7 batch, idempotently', async () => {
    const first = await post(BATCH);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      event: 'batch',
      stored: {
        pullRequests: { inserted: 2, updated: 0, unchanged: 0 },
        deployments: { inserted: 3, updated: 0, unchanged: 0 },
        incidents: { inserted: 1, updated: 0, unchanged: 0 },
        commits: { inserted: 0, updated: 0, unchanged: 0 },
      },
    });
    const again = await post(BATCH);
    expect(again.json().stored.pullRequests).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(again.json().stored.deployments).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('refuses a bad batch at its JSON path, and stores nothing', async () => {
    const bad = await post({ deployments: [{ id: 'd9', repo: 'api', result: 'success', finishedAt: 'yesterday' }], pullRequests: [{ id: 'x' }] });
    expect(bad.statusCode).toBe(400);
    const error = bad.json().error;
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^the request body has \d+ problems; nothing was ingested:/);
    expect(error.problems).toContainEqual({ path: 'deployments[0].finishedAt', message: expect.stringContaining('ISO-8601') });
    expect(error.problems.map((p: { path: string }) => p.path)).toContain('pullRequests[0].createdAt');
    const notJson = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...w.as('ana'), 'content-type': 'application/json' }, payload: '{"deployments": [' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toMatch(/^The body is not valid JSON: /);
  });

  it('answers GET /metrics/delivery with the exact CONTRACT §7 numbers', async () => {
    const res = await get(`/api/v1/metrics/delivery?${WINDOW}`);
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json();
    expect(m).toMatchObject({
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-08T23:59:59.000Z',
      report: '2023',
      projects: null,
      team: null,
      deploymentFrequency: { deployments: 3, deployDays: 3, medianDeployDaysPerWeek: 3, medianDeployDaysPerMonth: 3, level: 'high' },
      leadTimeForChanges: { medianMinutes: 1680, changes: 2, level: 'high' },
      changeFailureRate: { value: 0.3333, failedDeployments: 1, deployments: 3, level: 'low' },
      recoveryTime: { kind: 'failedDeploymentRecoveryTime', medianMinutes: 180, incidents: 1, level: 'high' },
      prCycleTime: { prs: 2, medianMinutes: 1680, codingMinutes: 60, pickupMinutes: 60, reviewMinutes: 60, deployMinutes: 1140 },
      reviewSla: {
        firstReviewOver4h: 1,
        approvalOver24h: 0,
        businessHours: true,
        breaches: [{ prId: 'pr-2', project: 'api', kind: 'firstReview', businessMinutes: 420, url: null }],
      },
      records: null,
    });
    const restore = (await get(`/api/v1/metrics/delivery?${WINDOW}&report=2021&project=api`)).json();
    expect(restore.recoveryTime).toMatchObject({ kind: 'timeToRestoreService', medianMinutes: 120, incidents: 1 });
    expect(restore.projects).toEqual(['api']);
    const service = (await get(`/api/v1/metrics/delivery?${WINDOW}&service=api`)).json();
    expect(service.projects).toEqual(['api']);
  });

  it('lists PR stage times, one PR, the weekly trend and the filters', async () => {
    const prs = (await get(`/api/v1/metrics/prs?${WINDOW}`)).json();
    expect(prs.prs.map((p: Record<string, unknown>) => [p.prId, p.codingMinutes, p.pickupMinutes, p.reviewMinutes, p.deployMinutes, p.cycleMinutes, p.url])).toEqual([
      ['octo/api#1', 1440, 60, 300, 1260, 3060, 'https://github.com/octo/api/pull/1'],
      ['pr-2', 60, 420, 60, 1140, 1680, null],
    ]);
    // docs/metrics.md names it under /metrics/delivery too: the same rows there.
    const underDelivery = await get(`/api/v1/metrics/delivery/prs?${WINDOW}`);
    expect(underDelivery.statusCode, underDelivery.body).toBe(200);
    expect(underDelivery.json()).toEqual(prs);
    const one = await get(`/api/v1/metrics/pull-request?id=${encodeURIComponent('octo/api#1')}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      pullRequest: { id: 'octo/api#1', title: 'Add the ledger', additions: 30 },
      stages: { cycleMinutes: 3060, size: 34 },
      url: 'https://github.com/octo/api/pull/1',
    });
    const missing = await get('/api/v1/metrics/pull-request?id=nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'not_found', message: "No pull request 'nope' has been ingested" });

    const weekly = await get('/api/v1/metrics/delivery/weekly?weeks=2&to=2026-03-08');
    expect(weekly.statusCode, weekly.body).toBe(200);
    expect(weekly.json().weeks).toEqual([
      expect.objectContaining({ weekStart: '2026-02-23', deployments: 0, deployDays: 0, leadTimeMinutes: null, mergedPrs: 0 }),
      {
        weekStart: '2026-03-02',
        from: '2026-03-02T00:00:00.000Z',
        to: '2026-03-08T23:59:59.000Z',
        deployments: 3,
        deployDays: 3,
        leadTimeMinutes: 1680,
        changeFailureRate: 0.3333,
        failedDeployments: 1,
        recoveryMinutes: 180,
        mergedPrs: 2,
        cycleMinutes: 1680,
        codingMinutes: 60,
        pickupMinutes: 60,
        reviewMinutes: 60,
        deployMinutes: 1140,
        firstReviewSlaBreaches: 1,
        approvalSlaBreaches: 0,
      },
    ]);
    expect((await get('/api/v1/metrics/filters')).json()).toEqual({ projects: ['api'], teams: [], services: [] });
  });

  it('refuses bad queries naming the parameter', async () => {
    const report = await get('/api/v1/metrics/delivery?report=2019');
    expect(report.statusCode).toBe(400);
    expect(report.json().error.problems[0]).toMatchObject({ in: 'querystring', field: 'report' });
    const both = await get('/api/v1/metrics/delivery?project=api&service=api');
    expect(both.statusCode).toBe(400);
    expect(both.json().error.message).toBe('Give one of project, team or service, not project and service');
    const weeks = await get('/api/v1/metrics/delivery/weekly?weeks=0');
    expect(weeks.statusCode).toBe(400);
    expect(weeks.json().error.problems[0]).toMatchObject({ in: 'querystring', field: 'weeks' });
    const from = await get('/api/v1/metrics/delivery?from=soon');
    expect(from.statusCode).toBe(400);
    expect(from.json().error.message).toBe("--from 'soon' is not a date: use YYYY-MM-DD or an ISO-8601 date-time");
  });

  it('needs a user, and an editor to write', async () => {
    expect((await app.inject({ url: '/api/v1/metrics/delivery' })).statusCode).toBe(401);
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(BATCH) });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error).toEqual({ code: 'unauthenticated', message: 'Sign in first: send Authorization: Bearer <token>' });
    const github = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { 'content-type': 'application/json', 'x-github-event': 'ping' },
      payload: '{"zen":"Keep it logically awesome."}',
    });
    expect(github.statusCode).toBe(401);
    const viewer = await post(BATCH, w.as('vic'));
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().error.code).toBe('forbidden');
  });

  it('takes a generic incident payload that resolves a stored incident', async () => {
    const res = await post({ id: 'INC-1', resolvedAt: '2026-03-05T16:00:00Z' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ event: 'incident', id: 'INC-1', stored: expect.objectContaining({ incidents: { inserted: 0, updated: 1, unchanged: 0 } }) });
    expect((await storedIncident(w.session.store.db, w.session.workspaceId, 'INC-1'))?.resolvedAt).toBe('2026-03-05T16:00:00.000Z');
    const bad = await post({ id: 'INC-1', resolvedAt: 'later' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('resolvedAt');
    await post({ id: 'INC-1', resolvedAt: '2026-03-05T15:00:00Z' });
  });

  it('verifies X-Hub-Signature-256 when a secret is configured; a signed delivery needs no token', async () => {
    const body = JSON.stringify({
      action: 'submitted',
      review: { id: 99, user: { login: 'dee' }, state: 'commented', submitted_at: '2026-03-03T11:00:00Z' },
      pull_request: {
        number: 1,
        title: 'Add the ledger',
        user: { login: 'ana' },
        created_at: '2026-03-03T09:00:00Z',
        merged_at: '2026-03-03T15:00:00Z',
        closed_at: '2026-03-03T15:00:00Z',
        merge_commit_sha: 'aaa1',
        base: { ref: 'main' },
      },
      repository: { full_name: 'octo/api' },
    });
    const send = (headers: Record<string, string>, payload = body) =>
      signedApp.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request_review', ...headers }, payload });
    const wrong = await send({ 'x-hub-signature-256': signWebhookBody('another secret', body) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(
      "The webhook's X-Hub-Signature-256 does not match its body: the secret on GitHub differs from eos's, or the body was changed on the way",
    );
    const tampered = await send({ 'x-hub-signature-256': signWebhookBody(SECRET, body) }, body.replace('dee', 'eve'));
    expect(tampered.statusCode).toBe(401);
    // A token doesn't stand in for the signature of a GitHub delivery once a secret is set.
    const unsigned = await send(w.as('ana'));
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().error.message).toMatch(/^The webhook has no X-Hub-Signature-256 header/);
    expect((await storedPullRequest(store.db, w.session.workspaceId, 'octo/api#1'))?.reviews).toHaveLength(1);

    const signed = await send({ 'x-hub-signature-256': signWebhookBody(SECRET, body) });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ event: 'pull_request_review', id: 'octo/api#1', stored: { pullRequests: { inserted: 0, updated: 1, unchanged: 0 } } });
    const stored = await storedPullRequest(store.db, w.session.workspaceId, 'octo/api#1');
    expect(stored?.reviews?.map((r) => [r.id, r.author])).toEqual([
      ['r1', 'ben'],
      ['99', 'dee'],
    ]);
  });

  it('documents every delivery route in the OpenAPI document, which validates', async () => {
    const spec = (await app.inject({ url: '/api/openapi.json' })).json();
    const result = await new Validator().validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(Object.keys(spec.paths['/api/v1/events'])).toEqual(['post']);
    for (const path of [
      '/api/v1/metrics/delivery',
      '/api/v1/metrics/delivery/weekly',
      '/api/v1/metrics/prs',
      '/api/v1/metrics/delivery/prs',
      '/api/v1/metrics/pull-request',
      '/api/v1/metrics/filters',
    ]) {
      expect(Object.keys(spec.paths[path] ?? {}), path).toEqual(['get']);
    }
    expect(spec.paths['/api/v1/metrics/delivery'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'project', 'team', 'service', 'report']);
  });

  it('serves the delivery gauges on /metrics, refreshed after an ingest', async () => {
    const scrape = async () => (await app.inject({ url: '/metrics', headers: w.as('vic') })).body;
    const labels = `{workspace="${w.session.workspaceId}",project="",team=""}`;
    let text = await scrape();
    expect(text).toContain(`eos_dora_lead_time_minutes${labels} 1680\n`);
    expect(text).toContain(`eos_dora_change_failure_rate${labels} 0.3333\n`);
    expect(text).toContain(`eos_dora_recovery_time_minutes${labels} 180\n`);
    // Over the last 30 days only one week deployed: the lower median of the weekly deploy days is 0.
    expect(text).toContain(`eos_dora_deployment_frequency_days_per_week${labels} 0\n`);
    expect(text).toContain(`eos_pr_cycle_time_minutes${labels} 1680\n`);
    expect(text).toContain(`eos_review_sla_breaches_total${labels} 1\n`);
    // Another failed-looking deployment day: d3 with an incident makes CFR 2 of 4.
    await post({
      deployments: [{ id: 'd3', project: 'api', repo: 'api', environment: 'production', result: 'success', finishedAt: '2026-03-06T12:00:00Z' }],
      incidents: [{ id: 'INC-2', project: 'api', createdAt: '2026-03-06T12:30:00Z', resolvedAt: '2026-03-06T13:00:00Z' }],
    });
    text = await scrape();
    expect(text).toContain(`eos_dora_change_failure_rate${labels} 0.5\n`);
  });
});

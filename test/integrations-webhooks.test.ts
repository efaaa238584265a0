import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../src/app/session.ts';
import { signWebhookBody } from '../src/integrations/github/verify-webhook-signature.ts';
import { ingestWebhook } from '../src/integrations/ingest-webhook.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import type { Store } from '../src/store/store.ts';
import { storedDeploymentPart, storedIncident, storedPullRequest } from '../src/store/stored-delivery-events.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { GITHUB_SAMPLES, HAVE_GITHUB_SAMPLES } from './support/github-sample-server.ts';
import { newWorkspace } from './support/workspace.ts';

if (!HAVE_GITHUB_SAMPLES) console.warn('[eos] ../shared/samples/github is absent: the webhook tests on the octokit payloads were skipped');

const payload = (file: string) => JSON.parse(readFileSync(`${GITHUB_SAMPLES}/octokit-webhooks/${file}`, 'utf8')) as Record<string, unknown>;

describe('webhooks into the event store', () => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openPglite();
  });
  afterAll(async () => {
    await store.close();
  });
  const pr = () => storedPullRequest(s.store.db, s.workspaceId, 'Codertocat/Hello-World#2');

  it.skipIf(!HAVE_GITHUB_SAMPLES)('a PR opened, reviewed and closed: each delivery merges with what is stored', async () => {
    s = await newWorkspace(store);
    const opened = await ingestWebhook(s, { event: 'pull_request', payload: payload('pull_request_opened.with-null-body.json') });
    expect(opened).toEqual({ event: 'pull_request', id: 'Codertocat/Hello-World#2', stored: expect.objectContaining({ pullRequests: { inserted: 1, updated: 0, unchanged: 0 } }) });
    expect(await pr()).toEqual({
      id: 'Codertocat/Hello-World#2',
      project: 'Codertocat/Hello-World',
      repo: 'Codertocat/Hello-World',
      number: 2,
      title: 'Update the README with new information.',
      author: 'Codertocat',
      createdAt: '2019-05-15T15:20:33.000Z',
      mergedAt: null,
      closedAt: null,
      mergeCommitSha: null,
      additions: 1,
      deletions: 1,
      baseBranch: 'master',
      // The recorded payload asks octocat to review: whom a review-SLA alert reaches.
      requestedReviewers: ['octocat'],
      commits: [],
      reviews: [],
    });

    const reviewed = await ingestWebhook(s, { event: 'pull_request_review', payload: payload('pull_request_review_submitted.payload.json') });
    expect(reviewed.stored?.pullRequests).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    // The review payload's PR has no size: the stored one stays.
    expect(await pr()).toMatchObject({
      additions: 1,
      deletions: 1,
      reviews: [{ id: '237895671', author: 'Codertocat', state: 'commented', submittedAt: '2019-05-15T15:20:38.000Z' }],
    });

    await ingestWebhook(s, { event: 'pull_request', payload: payload('pull_request_closed.payload.json') });
    expect(await pr()).toMatchObject({ closedAt: '2019-05-15T15:21:18.000Z', mergedAt: null, reviews: [{ id: '237895671' }] });

    const again = await ingestWebhook(s, { event: 'pull_request', payload: payload('pull_request_closed.payload.json') });
    expect(again.stored?.pullRequests).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it.skipIf(!HAVE_GITHUB_SAMPLES)('a deployment is stored when its status succeeds; created and in-progress deliveries change nothing', async () => {
    s = await newWorkspace(store);
    expect(await ingestWebhook(s, { event: 'deployment', payload: payload('deployment_payload.json') })).toEqual({
      event: 'deployment',
      stored: null,
      ignored: 'deployment 145988746 was created; it is stored when a status reports success, failure or error',
    });
    expect(await ingestWebhook(s, { event: 'deployment_status', payload: payload('deployment_status_gh-pages.payload.json') })).toEqual({
      event: 'deployment_status',
      stored: null,
      ignored: 'deployment 145988746 is in_progress: nothing to record until it succeeds or fails',
    });
    const id = 'Codertocat/Hello-World/deployments/145988746';
    expect(await storedDeploymentPart(s.store.db, s.workspaceId, id)).toBeUndefined();
    const done = await ingestWebhook(s, { event: 'deployment_status', payload: payload('deployment_status_payload.json') });
    expect(done).toMatchObject({ id, stored: { deployments: { inserted: 1, updated: 0, unchanged: 0 } } });
    expect(await storedDeploymentPart(s.store.db, s.workspaceId, id)).toEqual({
      id,
      deploymentId: id,
      project: 'Codertocat/Hello-World',
      scope: 'Codertocat/Hello-World',
      repo: 'Codertocat/Hello-World',
      service: null,
      environment: 'production',
      result: 'success',
      startedAt: '2019-05-15T15:20:53.000Z',
      finishedAt: '2019-05-15T15:20:55.000Z',
      commitSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      shippedCommits: null,
    });
    // A failure reported later for the same deployment replaces the result.
    const failed = payload('deployment_status_payload.json');
    failed.deployment_status = { ...(failed.deployment_status as object), id: 209916299, state: 'error', created_at: '2019-05-15T15:25:00Z' };
    await ingestWebhook(s, { event: 'deployment_status', payload: failed });
    expect(await storedDeploymentPart(s.store.db, s.workspaceId, id)).toMatchObject({
      result: 'failure',
      startedAt: '2019-05-15T15:20:53.000Z',
      finishedAt: '2019-05-15T15:25:00.000Z',
    });
  });

  it('verifies X-Hub-Signature-256 when a secret is configured, and stores nothing on a bad one', async () => {
    s = await newWorkspace(store);
    const body = JSON.stringify({ id: 'INC-1', createdAt: '2026-01-10T09:00:00Z' });
    const good = await ingestWebhook(s, { event: 'incident', payload: JSON.parse(body), rawBody: body, secret: 'shh', signature: signWebhookBody('shh', body) });
    expect(good.stored?.incidents).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const forged = JSON.stringify({ id: 'INC-2', createdAt: '2026-01-10T09:00:00Z' });
    const error = await failure(ingestWebhook(s, { event: 'incident', payload: JSON.parse(forged), rawBody: forged, secret: 'shh', signature: signWebhookBody('other', forged) }));
    expect(error.code).toBe('unauthenticated');
    expect(await storedIncident(s.store.db, s.workspaceId, 'INC-2')).toBeUndefined();
  });

  it('a generic incident: created, then resolved by a partial update; bad payloads are refused with their paths', async () => {
    s = await newWorkspace(store);
    await ingestWebhook(s, {
      event: 'incident',
      payload: { id: 'INC-7', project: 'shop', title: 'Checkout down', severity: 'P1', service: 'api', createdAt: '2026-01-10T09:00:00+01:00' },
    });
    await ingestWebhook(s, { event: 'incident', payload: { id: 'INC-7', resolvedAt: '2026-01-10T09:45:00Z' } });
    expect(await storedIncident(s.store.db, s.workspaceId, 'INC-7')).toEqual({
      id: 'INC-7',
      project: 'shop',
      title: 'Checkout down',
      severity: 'P1',
      service: 'api',
      createdAt: '2026-01-10T08:00:00.000Z',
      resolvedAt: '2026-01-10T09:45:00.000Z',
      deploymentId: null,
    });
    const unknown = await failure(ingestWebhook(s, { event: 'incident', payload: { id: 'INC-7', status: 'resolved', resolvedAt: 'yesterday' } }));
    expect(unknown.message).toBe(
      "The incident payload has 2 problems: resolvedAt: must be an ISO-8601 date-time with a zone, e.g. 2026-01-10T09:00:00Z; (top level): unknown key 'status'",
    );
    const orphan = await failure(ingestWebhook(s, { event: 'incident', payload: { id: 'INC-8', resolvedAt: '2026-01-10T09:45:00Z' } }));
    expect(orphan.message).toBe("Incident 'INC-8' is not stored yet, so the payload needs its createdAt (ISO-8601)");
    const other = await failure(ingestWebhook(s, { event: 'issues', payload: {} }));
    expect(other.code).toBe('invalid_input');
    expect(other.message).toBe("eos takes the webhook events pull_request, pull_request_review, deployment, deployment_status, ping, incident; this delivery is 'issues'");
  });
});

describe.skipIf(!HAVE_GITHUB_SAMPLES || !ENGINES.includes('postgres'))('webhooks on PostgreSQL', () => {
  it('two review deliveries for the same PR at the same moment both land', async () => {
    const store = await openEngine('postgres');
    try {
      const s = await newWorkspace(store);
      await ingestWebhook(s, { event: 'pull_request', payload: payload('pull_request_opened.with-null-body.json') });
      const review = payload('pull_request_review_submitted.payload.json');
      const second = { ...review, review: { ...(review.review as object), id: 237895672, state: 'approved', submitted_at: '2019-05-15T15:30:00Z' } };
      await Promise.all([ingestWebhook(s, { event: 'pull_request_review', payload: review }), ingestWebhook(s, { event: 'pull_request_review', payload: second })]);
      const stored = await storedPullRequest(s.store.db, s.workspaceId, 'Codertocat/Hello-World#2');
      expect(stored?.reviews?.map((r) => [r.id, r.state])).toEqual([
        ['237895671', 'commented'],
        ['237895672', 'approved'],
      ]);
    } finally {
      await store.close();
    }
  });
});

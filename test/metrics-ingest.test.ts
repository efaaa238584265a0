import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, verifyAudit } from '../src/app/audit-trail.ts';
import { computeDeliveryMetrics, listPrMetrics } from '../src/app/compute-metrics.ts';
import { listIncidentLinks } from '../src/app/delivery-links.ts';
import { setTeamSettings } from '../src/app/delivery-scope.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import type { Session } from '../src/app/session.ts';
import type { EventBatchInput } from '../src/core/metrics/event-batch.ts';
import type { Store } from '../src/store/store.ts';
import { storedIncident } from '../src/store/stored-delivery-events.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const WINDOW = { from: '2026-06-01', to: '2026-06-30' };

/** A small history: main gets c1 → c2 (merge of PR 7) → c3 (merge of PR 8); deployed at c1 then c3. */
const history = (): EventBatchInput => ({
  commits: [
    { sha: 'c1', repo: 'api', parents: [] },
    { sha: 'f1', repo: 'api', parents: ['c1'], authoredAt: '2026-06-01T08:00:00Z' },
    { sha: 'c2', repo: 'api', parents: ['c1', 'f1'] },
    { sha: 'f2', repo: 'api', parents: ['c2'], authoredAt: '2026-06-02T09:00:00Z' },
    { sha: 'c3', repo: 'api', parents: ['c2', 'f2'] },
  ],
  pullRequests: [
    {
      id: 'api#7',
      project: 'api',
      repo: 'api',
      number: 7,
      author: 'ana',
      // Monday 1 June 2026, 10:00 UTC.
      createdAt: '2026-06-01T10:00:00Z',
      mergedAt: '2026-06-02T11:00:00Z',
      mergeCommitSha: 'C2',
      additions: 120,
      deletions: 30,
      commits: [{ sha: 'f1', authoredAt: '2026-06-01T08:00:00Z' }],
      reviews: [
        { id: 'r0', author: 'ana', state: 'COMMENTED', submittedAt: '2026-06-01T10:30:00Z' },
        { id: 'r1', author: 'bo', state: 'CHANGES_REQUESTED', submittedAt: '2026-06-01T16:00:00Z' },
        { id: 'r2', author: 'bo', state: 'APPROVED', submittedAt: '2026-06-02T10:00:00Z' },
      ],
    },
    {
      id: 'api#8',
      project: 'api',
      repo: 'api',
      author: 'bo',
      createdAt: '2026-06-02T09:30:00Z',
      mergedAt: '2026-06-02T12:00:00Z',
      mergeCommitSha: 'c3',
      commits: [{ sha: 'f2', authoredAt: '2026-06-02T09:00:00Z' }],
      reviews: [{ id: 'r3', author: 'cy', state: 'APPROVED', submittedAt: '2026-06-02T10:00:00Z' }],
    },
  ],
  deployments: [
    {
      id: 'd1',
      deploymentId: 'rel-1',
      project: 'api',
      repo: 'api',
      environment: 'production',
      result: 'success',
      startedAt: '2026-05-30T09:00:00Z',
      finishedAt: '2026-05-30T09:05:00Z',
      commitSha: 'c1',
    },
    {
      id: 'd2',
      deploymentId: 'rel-2',
      project: 'api',
      repo: 'api',
      environment: 'Production',
      result: 'SUCCESS',
      startedAt: '2026-06-03T09:00:00Z',
      finishedAt: '2026-06-03T09:30:00Z',
      commitSha: 'c3',
    },
  ],
  incidents: [{ id: 'inc-1', project: 'api', severity: 'P2', createdAt: '2026-06-03T12:00:00Z', resolvedAt: '2026-06-03T13:30:00Z' }],
});

describe.each(ENGINES)('delivery events on %s', (engine) => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store, { clock: () => NOW });
  });
  afterAll(async () => {
    await store.close();
  });

  it('ingests a batch, and re-ingesting the same batch changes nothing', async () => {
    expect(await ingestEvents(s, history())).toEqual({
      pullRequests: { inserted: 2, updated: 0, unchanged: 0 },
      deployments: { inserted: 2, updated: 0, unchanged: 0 },
      incidents: { inserted: 1, updated: 0, unchanged: 0 },
      commits: { inserted: 5, updated: 0, unchanged: 0 },
    });
    const before = await listPrMetrics(s, WINDOW);
    expect(await ingestEvents(s, history())).toEqual({
      pullRequests: { inserted: 0, updated: 0, unchanged: 2 },
      deployments: { inserted: 0, updated: 0, unchanged: 2 },
      incidents: { inserted: 0, updated: 0, unchanged: 1 },
      commits: { inserted: 0, updated: 0, unchanged: 5 },
    });
    expect(await listPrMetrics(s, WINDOW)).toEqual(before);
    // The first batch is audited with its counts; the second changed nothing and appended nothing.
    const ingests = (await auditTrail(s)).filter((e) => e.action === 'events.ingest');
    expect(ingests).toMatchObject([
      {
        actor: 'tester',
        recordId: null,
        before: null,
        after: {
          source: null,
          pullRequests: { inserted: 2, updated: 0 },
          deployments: { inserted: 2, updated: 0 },
          incidents: { inserted: 1, updated: 0 },
          commits: { inserted: 5, updated: 0 },
          projects: ['api'],
        },
      },
    ]);
    expect(await verifyAudit(s)).toMatchObject({ ok: true });
  });

  it('refuses a viewer: nothing is stored and nothing audited', async () => {
    const viewer: Session = { ...s, actor: 'vic', role: 'viewer' };
    const before = (await auditTrail(s)).length;
    const refused = await failure(ingestEvents(viewer, { incidents: [{ id: 'inc-viewer', project: 'api', createdAt: '2026-06-04T12:00:00Z' }] }));
    expect(refused.code).toBe('forbidden');
    expect(await storedIncident(s.store.db, s.workspaceId, 'inc-viewer')).toBeUndefined();
    expect(await auditTrail(s)).toHaveLength(before);
  });

  it('derives what a deployment shipped from the commit graph, so both PRs link to the second deployment', async () => {
    const { prs } = await listPrMetrics(s, WINDOW);
    expect(prs.map((p) => [p.prId, p.deploymentPartId, p.codingMinutes, p.pickupMinutes, p.reviewMinutes, p.deployMinutes, p.cycleMinutes, p.size])).toEqual([
      // coding 08:00→10:00; the author's own comment doesn't end pickup (bo's at 16:00 does); merged 11:00 next day.
      ['api#7', 'd2', 120, 360, 1140, 1350, 120 + 1500 + 1350, 150],
      ['api#8', 'd2', 30, 30, 120, 1290, 30 + 150 + 1290, null],
    ]);
  });

  it('computes the CONTRACT metrics: DORA keys, PR stages and review SLA breaches in business hours', async () => {
    const m = await computeDeliveryMetrics(s, { ...WINDOW, project: 'api' });
    expect(m.changeFailureRate).toMatchObject({ value: 1, failedDeployments: 1, deployments: 1, level: 'low', label: '100.0%(low)' });
    expect(m.leadTimeForChanges).toMatchObject({ medianMinutes: 1470, changes: 2, level: 'high', label: '24.5(high)' });
    expect(m.recoveryTime).toMatchObject({ kind: 'failedDeploymentRecoveryTime', medianMinutes: 240, incidents: 1, level: 'high' });
    expect(m.prCycleTime).toMatchObject({ prs: 2, medianMinutes: 1470, codingMinutes: 30, pickupMinutes: 30, reviewMinutes: 120, deployMinutes: 1290, medianPrSize: 150 });
    // PR 7: 10:00→16:00 Monday is 6 business hours to a first review (over 4); approval 10:00 Tuesday is 8 h (within 24).
    expect(m.reviewSla).toEqual({
      firstReviewOver4h: 1,
      approvalOver24h: 0,
      businessHours: true,
      breaches: [{ prId: 'api#7', project: 'api', kind: 'firstReview', businessMinutes: 360 }],
    });
    const restore = await computeDeliveryMetrics(s, { ...WINDOW, project: 'api', report: '2021' });
    expect(restore.recoveryTime).toMatchObject({ kind: 'timeToRestoreService', medianMinutes: 90, level: 'high', label: '1.5(high)' });
  });

  it("counts business hours in the owning team's time zone", async () => {
    // In Los Angeles (UTC-7 in June), 10:00–16:00 UTC is 03:00–09:00: no business hours yet.
    await setTeamSettings(s, { team: 'payments', projects: ['api'], timeZone: 'America/Los_Angeles', hours: '09:00-17:00' });
    const m = await computeDeliveryMetrics(s, { ...WINDOW, team: 'payments' });
    expect(m.projects).toEqual(['api']);
    expect(m.reviewSla.firstReviewOver4h).toBe(0);
    await setTeamSettings(s, { team: 'payments', timeZone: 'UTC' });
  });

  it('links an incident to the last production deployment before it, and an update to a PR re-derives its stage times', async () => {
    expect(await listIncidentLinks(s)).toEqual([{ id: 'inc-1', project: 'api', deploymentId: 'rel-2' }]);
    const batch = history();
    const pr = batch.pullRequests?.[1];
    if (!pr) throw new Error('fixture');
    const changed = { ...batch, pullRequests: [{ ...pr, mergedAt: '2026-06-02T13:00:00Z' }] };
    expect((await ingestEvents(s, changed)).pullRequests).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const { prs } = await listPrMetrics(s, { ...WINDOW, project: 'api' });
    expect(prs.find((p) => p.prId === 'api#8')?.reviewMinutes).toBe(180);
  });

  it('gives a metric with no data as null with a reason, and DevLake’s label', async () => {
    const m = await computeDeliveryMetrics(s, { from: '2025-01-01', to: '2025-01-31', project: 'api' });
    expect(m.leadTimeForChanges).toEqual({
      medianMinutes: null,
      changes: 0,
      level: null,
      label: 'N/A. Please check if you have collected deployments/pull_requests.',
      reason: 'no PR was deployed in the window',
    });
    expect(m.changeFailureRate).toMatchObject({ value: null, level: null, reason: 'no production deployment finished in the window' });
    expect(m.prCycleTime).toMatchObject({ prs: 0, medianMinutes: null, reason: 'no PR was merged in the window' });
  });

  it('refuses a bad batch whole, naming every problem by its JSON path, and stores nothing', async () => {
    const fresh = await newWorkspace(store, { clock: () => NOW });
    const error = await failure(
      ingestEvents(
        fresh,
        {
          pullRequests: [{ id: 'p1', repo: 'api', createdAt: 'yesterday', reviews: [{ id: 'r', submittedAt: '2026-06-01T10:00:00Z', state: 'LGTM' }] }],
          deployments: [{ id: 'd1', repo: 'api', result: 'success', finishedAt: '2026-06-01T10:00:00Z', colour: 'blue' }, { id: 'd2' }],
        },
        { source: 'events.json' },
      ),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.details.problems).toEqual([
      { path: 'pullRequests[0].createdAt', message: 'must be an ISO-8601 date-time with a zone, e.g. 2026-01-10T09:00:00Z' },
      { path: 'pullRequests[0].reviews[0].state', message: 'must be one of: approved, changes_requested, commented, dismissed' },
      { path: 'deployments[0]', message: "unknown key 'colour'" },
      { path: 'deployments[1].repo', message: 'is required' },
      { path: 'deployments[1].result', message: 'is required' },
    ]);
    expect(error.message.split('\n')[0]).toBe('events.json has 5 problems; nothing was ingested:');
    const duplicate = await failure(ingestEvents(fresh, { incidents: [0, 1].map(() => ({ id: 'i', createdAt: '2026-06-01T10:00:00Z' })) }));
    expect(duplicate.details.problems).toEqual([{ path: 'incidents[1]', message: "incident id 'i' appears twice (first at incidents[0]); list each once" }]);
    expect(await listIncidentLinks(fresh)).toEqual([]);
  });
});

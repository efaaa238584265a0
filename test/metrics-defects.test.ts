import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeliveryMetrics, listPrMetrics } from '../src/app/compute-metrics.ts';
import { listPrevSuccessLinks } from '../src/app/delivery-links.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { gitHistoryToEvents } from '../src/integrations/git/git-history-to-events.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

// Issue 12, point 4: the metrics defects found against DevLake's data and real git histories,
// each pinned by a test that failed before its fix.

const part = (id: string, project: string, at: string, extra: Record<string, unknown> = {}) => ({
  id,
  project,
  repo: project,
  environment: 'production',
  result: 'success',
  startedAt: at,
  finishedAt: at,
  commitSha: `sha-${id}`,
  ...extra,
});

describe.each(ENGINES)('metrics defects of issue 12 on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openEngine(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it("ingests a deployment with an empty environment (DevLake's data has them) as not production", async () => {
    const s = await newWorkspace(store);
    const result = await ingestEvents(s, {
      deployments: [
        part('d1', 'api', '2026-06-01T10:00:00Z'),
        part('d2', 'api', '2026-06-02T10:00:00Z', { environment: '' }),
        part('d3', 'api', '2026-06-03T10:00:00Z', { environment: '   ' }),
        part('d4', 'api', '2026-06-04T10:00:00Z'),
      ],
    });
    expect(result.deployments).toEqual({ inserted: 4, updated: 0, unchanged: 0 });
    // Parts without an environment get no previous deployment and are in no series.
    const prev = await listPrevSuccessLinks(s);
    expect(Object.fromEntries(prev.map((r) => [r.id, r.prevSuccessId]))).toEqual({ d1: '', d2: null, d3: null, d4: 'd1' });
    const m = await computeDeliveryMetrics(s, { from: '2026-06-01', to: '2026-06-30', project: 'api' });
    expect(m.changeFailureRate.deployments).toBe(2);
    expect(m.deploymentFrequency.deployments).toBe(2);
  });

  it("attributes a merge commit shipped by two projects' parts to its own project's part, not the earliest of either", async () => {
    const s = await newWorkspace(store);
    await ingestEvents(s, {
      pullRequests: [{ id: 'web#1', project: 'web', repo: 'mono', createdAt: '2026-06-01T09:00:00Z', mergedAt: '2026-06-01T10:00:00Z', mergeCommitSha: 'm1' }],
      deployments: [
        // api's second part ships m1 first (a monorepo deployed by two pipelines)...
        part('api-1', 'api', '2026-06-01T08:00:00Z', { repo: 'mono' }),
        part('api-2', 'api', '2026-06-01T11:00:00Z', { repo: 'mono', shippedCommits: ['m1'] }),
        // ...web's an hour later: the web PR's deploy time is web's.
        part('web-1', 'web', '2026-06-01T08:00:00Z', { repo: 'mono' }),
        part('web-2', 'web', '2026-06-01T12:00:00Z', { repo: 'mono', shippedCommits: ['m1'] }),
      ],
    });
    const { prs } = await listPrMetrics(s, { from: '2026-06-01', to: '2026-06-30', project: 'web' });
    expect(prs.map((p) => [p.prId, p.deploymentPartId, p.prDeployedAt, p.deployMinutes])).toEqual([['web#1', 'web-2', '2026-06-01T12:00:00.000Z', 120]]);
  });

  it('counts deploymentFrequency.deployments as changeFailureRate does: deployments finishing inside [from, to]', async () => {
    const s = await newWorkspace(store);
    await ingestEvents(s, {
      deployments: [
        part('a', 'api', '2026-06-01T13:00:00Z'), // inside, on the day of `from` (which the calendar leaves out)
        part('b', 'api', '2026-06-05T09:00:00Z'),
        part('c', 'api', '2026-06-10T15:00:00Z'), // after `to`, on its day
        part('d', 'api', '2026-06-10T16:00:00Z'),
      ],
    });
    const m = await computeDeliveryMetrics(s, { from: '2026-06-01T12:00:00Z', to: '2026-06-10T12:00:00Z', project: 'api' });
    expect(m.changeFailureRate.deployments).toBe(2);
    expect(m.deploymentFrequency.deployments).toBe(2);
    expect(m.deploymentFrequency.months).toEqual([{ month: '2026-06-01', deployDays: 2, deployments: 2 }]);
  });
});

describe('eos ingest git', () => {
  it("starts a change when its branch's first commit was authored, even if the merge was authored earlier", () => {
    const at = (d: string) => `2026-06-0${d}:00.000Z`;
    const events = gitHistoryToEvents(
      {
        // Newest first, as git log prints them. The merge carries an author date before its branch's
        // commits (a merge commit amended or re-created after a rebase keeps its first author date).
        commits: [
          { sha: 'm', parents: ['c1', 'f2'], author: 'Ada', authoredAt: at('1T09:00'), committedAt: at('4T12:00'), subject: 'Merge feature' },
          { sha: 'f2', parents: ['f1'], author: 'Ada', authoredAt: at('3T10:00'), committedAt: at('3T10:00'), subject: 'part 2' },
          { sha: 'f1', parents: ['c1'], author: 'Ada', authoredAt: at('2T10:00'), committedAt: at('2T10:00'), subject: 'part 1' },
          { sha: 'c1', parents: [], author: 'Ada', authoredAt: at('1T08:00'), committedAt: at('1T08:00'), subject: 'initial' },
        ],
        tags: [],
        skippedTags: [],
      },
      { repo: 'api' },
    );
    expect(events.pullRequests?.map((p) => [p.id, p.createdAt, p.mergedAt])).toEqual([['api@m', at('2T10:00'), at('4T12:00')]]);
  });

  it('starts a merge that brings no commit of its own at its author time', () => {
    const events = gitHistoryToEvents(
      {
        commits: [
          { sha: 'm', parents: ['c2', 'c1'], author: 'Ada', authoredAt: '2026-06-02T09:00:00.000Z', committedAt: '2026-06-02T10:00:00.000Z', subject: 'Merge main' },
          { sha: 'c2', parents: ['c1'], author: 'Ada', authoredAt: '2026-06-01T09:00:00.000Z', committedAt: '2026-06-01T09:00:00.000Z', subject: 'two' },
          { sha: 'c1', parents: [], author: 'Ada', authoredAt: '2026-06-01T08:00:00.000Z', committedAt: '2026-06-01T08:00:00.000Z', subject: 'one' },
        ],
        tags: [],
        skippedTags: [],
      },
      { repo: 'api' },
    );
    expect(events.pullRequests?.map((p) => [p.createdAt, p.commits])).toEqual([['2026-06-02T09:00:00.000Z', []]]);
  });
});

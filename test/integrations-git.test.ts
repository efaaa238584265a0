import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitHistoryToEvents } from '../src/integrations/git/git-history-to-events.ts';
import { ingestGit } from '../src/integrations/git/ingest-git.ts';
import { readGitHistory } from '../src/integrations/git/read-git-history.ts';
import { commitParents, deploymentParts, shippedCommits } from '../src/store/event-rows.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import { storedPullRequest } from '../src/store/stored-delivery-events.ts';
import { failure } from './support/failure.ts';
import { TestGitRepo } from './support/git-repo.ts';
import { newWorkspace } from './support/workspace.ts';

/**
 * main:    c1 ── (v1.0) ── c2 ─────────── merge (v1.1) ── c3 (nightly-1, v1.2)
 *                  \                     /
 * feature:          f1 (Grace) ── f2 ──
 */
function buildRepo() {
  const repo = new TestGitRepo();
  const c1 = repo.commit('a.txt', 'initial', '2026-01-05T09:00:00Z');
  repo.git(['tag', '-a', 'v1.0', '-m', 'first release'], '2026-01-05T10:00:00Z');
  repo.git(['checkout', '--quiet', '-b', 'feature'], '2026-01-05T10:00:00Z');
  const f1 = repo.commit('f.txt', 'feature part 1', '2026-01-06T09:00:00Z', 'Grace Hopper');
  const f2 = repo.commit('f.txt', 'feature part 2', '2026-01-06T12:00:00Z', 'Grace Hopper');
  repo.git(['checkout', '--quiet', 'main'], '2026-01-07T08:00:00Z');
  const c2 = repo.commit('b.txt', 'hotfix', '2026-01-07T08:00:00Z');
  repo.git(['merge', '--quiet', '--no-ff', '-m', "Merge branch 'feature'", 'feature'], '2026-01-07T10:00:00Z');
  const merge = repo.git(['rev-parse', 'HEAD'], '2026-01-07T10:00:00Z');
  repo.git(['tag', 'v1.1'], '2026-01-07T10:30:00Z'); // lightweight: its date is the commit's
  const c3 = repo.commit('c.txt', 'polish', '2026-01-08T09:00:00Z');
  repo.git(['tag', 'nightly-1'], '2026-01-08T09:00:00Z');
  repo.git(['tag', '-a', 'v1.2', '-m', 'second release'], '2026-01-09T09:00:00Z');
  return { repo, c1, f1, f2, c2, merge, c3 };
}

describe('eos ingest git: reading a repository', () => {
  let r: ReturnType<typeof buildRepo>;
  beforeAll(() => {
    r = buildRepo();
  });
  afterAll(() => r.repo.remove());

  it('turns commits, the merge and the v* tags into exact events', async () => {
    const { c1, f1, f2, c2, merge, c3 } = r;
    const batch = gitHistoryToEvents(await readGitHistory(r.repo.path, 'v*'), { repo: 'api', project: 'shop' });
    expect(batch.commits).toEqual([
      { sha: c3, repo: 'api', parents: [merge], authoredAt: '2026-01-08T09:00:00.000Z', committedAt: '2026-01-08T09:00:00.000Z', author: 'Ada Lovelace', message: 'polish' },
      {
        sha: merge,
        repo: 'api',
        parents: [c2, f2],
        authoredAt: '2026-01-07T10:00:00.000Z',
        committedAt: '2026-01-07T10:00:00.000Z',
        author: 'Ada Lovelace',
        message: "Merge branch 'feature'",
      },
      { sha: c2, repo: 'api', parents: [c1], authoredAt: '2026-01-07T08:00:00.000Z', committedAt: '2026-01-07T08:00:00.000Z', author: 'Ada Lovelace', message: 'hotfix' },
      { sha: f2, repo: 'api', parents: [f1], authoredAt: '2026-01-06T12:00:00.000Z', committedAt: '2026-01-06T12:00:00.000Z', author: 'Grace Hopper', message: 'feature part 2' },
      { sha: f1, repo: 'api', parents: [c1], authoredAt: '2026-01-06T09:00:00.000Z', committedAt: '2026-01-06T09:00:00.000Z', author: 'Grace Hopper', message: 'feature part 1' },
      { sha: c1, repo: 'api', parents: [], authoredAt: '2026-01-05T09:00:00.000Z', committedAt: '2026-01-05T09:00:00.000Z', author: 'Ada Lovelace', message: 'initial' },
    ]);
    expect(batch.pullRequests).toEqual([
      {
        id: `api@${merge}`,
        project: 'shop',
        repo: 'api',
        title: "Merge branch 'feature'",
        author: 'Ada Lovelace',
        createdAt: '2026-01-06T09:00:00.000Z',
        mergedAt: '2026-01-07T10:00:00.000Z',
        closedAt: '2026-01-07T10:00:00.000Z',
        mergeCommitSha: merge,
        commits: [
          { sha: f2, authoredAt: '2026-01-06T12:00:00.000Z' },
          { sha: f1, authoredAt: '2026-01-06T09:00:00.000Z' },
        ],
      },
    ]);
    const deployment = { project: 'shop', repo: 'api', environment: 'production', result: 'success' };
    expect(batch.deployments).toEqual([
      { ...deployment, id: 'api@v1.0', startedAt: '2026-01-05T10:00:00.000Z', finishedAt: '2026-01-05T10:00:00.000Z', commitSha: c1, shippedCommits: [] },
      { ...deployment, id: 'api@v1.1', startedAt: '2026-01-07T10:00:00.000Z', finishedAt: '2026-01-07T10:00:00.000Z', commitSha: merge, shippedCommits: [merge, c2, f2, f1] },
      { ...deployment, id: 'api@v1.2', startedAt: '2026-01-09T09:00:00.000Z', finishedAt: '2026-01-09T09:00:00.000Z', commitSha: c3, shippedCommits: [c3] },
    ]);
  });

  it('without --deploy-tags there are no deployments, and --no-merges drops the changes', async () => {
    const batch = gitHistoryToEvents(await readGitHistory(r.repo.path, undefined), { repo: 'api', merges: false });
    expect(batch.deployments).toEqual([]);
    expect(batch.pullRequests).toEqual([]);
    expect(batch.commits).toHaveLength(6);
  });

  it('a folder that is not a repository is invalid input that names it', async () => {
    const error = await failure(readGitHistory('/nonexistent-eos-repo', 'v*'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^\/nonexistent-eos-repo can't be read as a git repository: fatal: cannot change to '\/nonexistent-eos-repo'/);
  });
});

describe('eos ingest git: into the event store', () => {
  it('stores exact commit, change and deployment rows, and re-ingesting changes nothing', async () => {
    const r = buildRepo();
    const store = await openPglite();
    try {
      const s = await newWorkspace(store);
      const report = await ingestGit(s, { path: r.repo.path, deployTags: 'v*', project: 'shop', repo: 'api' });
      expect(report).toMatchObject({ repo: 'api', project: 'shop', commits: 6, changes: 1, deployments: 3, skippedTags: [] });
      expect(report.stored).toEqual({
        pullRequests: { inserted: 1, updated: 0, unchanged: 0 },
        deployments: { inserted: 3, updated: 0, unchanged: 0 },
        incidents: { inserted: 0, updated: 0, unchanged: 0 },
        commits: { inserted: 6, updated: 0, unchanged: 0 },
      });
      const parts = await deploymentParts(s.store.db, s.workspaceId, ['shop']);
      expect(parts.map((p) => [p.id, p.result, p.environment, p.finishedAt, p.commitSha, p.prevSuccessId])).toEqual([
        ['api@v1.0', 'success', 'production', '2026-01-05T10:00:00.000Z', r.c1, ''],
        ['api@v1.1', 'success', 'production', '2026-01-07T10:00:00.000Z', r.merge, 'api@v1.0'],
        ['api@v1.2', 'success', 'production', '2026-01-09T09:00:00.000Z', r.c3, 'api@v1.1'],
      ]);
      const shipped = await shippedCommits(s.store.db, s.workspaceId, ['api@v1.0', 'api@v1.1', 'api@v1.2']);
      expect(shipped.get('api@v1.0')).toBeUndefined();
      expect([...(shipped.get('api@v1.1') ?? [])].sort()).toEqual([r.merge, r.c2, r.f2, r.f1].sort());
      expect([...(shipped.get('api@v1.2') ?? [])]).toEqual([r.c3]);
      const graph = (await commitParents(s.store.db, s.workspaceId, ['api'])).get('api');
      expect(Object.fromEntries(graph ?? [])).toEqual({ [r.c1]: [], [r.f1]: [r.c1], [r.f2]: [r.f1], [r.c2]: [r.c1], [r.merge]: [r.c2, r.f2], [r.c3]: [r.merge] });
      expect(await storedPullRequest(s.store.db, s.workspaceId, `api@${r.merge}`)).toMatchObject({
        createdAt: '2026-01-06T09:00:00.000Z',
        mergedAt: '2026-01-07T10:00:00.000Z',
        mergeCommitSha: r.merge,
      });

      const again = await ingestGit(s, { path: r.repo.path, deployTags: 'v*', project: 'shop', repo: 'api' });
      expect(again.stored).toEqual({
        pullRequests: { inserted: 0, updated: 0, unchanged: 1 },
        deployments: { inserted: 0, updated: 0, unchanged: 3 },
        incidents: { inserted: 0, updated: 0, unchanged: 0 },
        commits: { inserted: 0, updated: 0, unchanged: 6 },
      });
    } finally {
      await store.close();
      r.repo.remove();
    }
  }, 90_000); // two ingests on a fresh PGlite: slow on a loaded 2-core machine
});

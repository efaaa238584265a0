import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../src/app/session.ts';
import { ingestGitHub } from '../src/integrations/github/ingest-github.ts';
import { deploymentParts, pullRequestRows, shippedCommits } from '../src/store/event-rows.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import type { Store } from '../src/store/store.ts';
import { storedPullRequest } from '../src/store/stored-delivery-events.ts';
import { failure } from './support/failure.ts';
import { HAVE_GITHUB_SAMPLES, type SampleServer, startGitHubSampleServer } from './support/github-sample-server.ts';
import { newWorkspace } from './support/workspace.ts';

if (!HAVE_GITHUB_SAMPLES) console.warn('[eos] ../shared/samples/github is absent: the GitHub ingest tests were skipped');

describe.skipIf(!HAVE_GITHUB_SAMPLES)('eos ingest github against the recorded payloads, served locally', () => {
  let store: Store;
  let server: SampleServer;
  beforeAll(async () => {
    store = await openPglite();
    server = await startGitHubSampleServer({
      token: 't0ken',
      pageSize: 20,
      // The one comparison answered: between the two 2026 deployments (their shas are recorded; the commits in between are made up).
      compare: {
        '74962aec9820f7e3a6f1e60f54b4ce8c747e1e1f...0916a0afdfa825779c892a8951bde706a054d352': [
          'aaaa000000000000000000000000000000000001',
          '0916a0afdfa825779c892a8951bde706a054d352',
        ],
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });
  const pull = (s: Session, repo: string, extra: Partial<Parameters<typeof ingestGitHub>[1]> = {}) => ingestGitHub(s, { repo, token: 't0ken', apiUrl: server.url, ...extra });

  it('pulls every PR with its reviews and commits, page by page, and a re-run changes nothing', async () => {
    const s = await newWorkspace(store);
    const progress: string[] = [];
    const report = await pull(s, 'panjf2000/ants', { onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`) });
    expect(report).toMatchObject({ repo: 'panjf2000/ants', pullRequests: 49, reviews: 30, prCommits: 90, deployments: 0, pendingDeployments: 0, inferredDeployments: 0 });
    expect(report.stored.pullRequests).toEqual({ inserted: 49, updated: 0, unchanged: 0 });
    expect(report.rateLimit).toMatchObject({ limit: 5000, remaining: 5000 - report.requests });
    // 20 a page: three pages of pulls, each announced by the Link header.
    expect(server.requests.filter((r) => r.startsWith('/repos/panjf2000/ants/pulls?'))).toEqual([
      '/repos/panjf2000/ants/pulls?state=all&sort=updated&direction=desc&per_page=100',
      '/repos/panjf2000/ants/pulls?state=all&sort=updated&direction=desc&per_page=100&page=2',
      '/repos/panjf2000/ants/pulls?state=all&sort=updated&direction=desc&per_page=100&page=3',
    ]);
    expect(progress.slice(0, 2)).toEqual(['pull requests 1/60', 'pull requests 2/60']);
    expect(progress.at(-1)).toBe('pull requests 49/49');

    const prs = await pullRequestRows(s.store.db, s.workspaceId, ['panjf2000/ants']);
    expect(prs).toHaveLength(49);
    expect(prs.filter((p) => p.mergedAt)).toHaveLength(26);
    expect(prs.find((p) => p.id === 'panjf2000/ants#53')).toEqual({
      id: 'panjf2000/ants#53',
      project: 'panjf2000/ants',
      repo: 'panjf2000/ants',
      author: 'KevinBaiSg',
      createdAt: '2019-10-07T08:17:20.000Z',
      mergedAt: '2019-10-09T16:59:19.000Z',
      mergeCommitSha: 'f0e23928f4388661a8e0f6f5ff93f8f9514a1762',
      additions: null,
      deletions: null,
    });
    // An unmerged PR keeps no merge sha: GitHub's test merge is never deployed.
    expect(prs.find((p) => p.id === 'panjf2000/ants#8')).toMatchObject({ mergedAt: null, mergeCommitSha: null });
    const pr53 = await storedPullRequest(s.store.db, s.workspaceId, 'panjf2000/ants#53');
    const reviews = pr53?.reviews ?? [];
    expect(reviews).toHaveLength(15);
    expect(reviews[0]).toEqual({ id: '298229495', author: 'panjf2000', state: 'changes_requested', submittedAt: '2019-10-07T16:56:26.000Z' });
    expect(reviews.filter((r) => r.state === 'changes_requested').map((r) => r.submittedAt)).toEqual([
      '2019-10-07T16:56:26.000Z',
      '2019-10-08T06:07:20.000Z',
      '2019-10-09T12:58:59.000Z',
    ]);
    const commits = pr53?.commits ?? [];
    expect(commits).toHaveLength(16);
    expect(commits[0]).toEqual({ sha: '5f35f3e33a240d3fde5e2b14d03fdf684d777a4c', authoredAt: '2019-10-07T04:07:39.000Z' });

    const again = await pull(s, 'panjf2000/ants');
    expect(again.stored.pullRequests).toEqual({ inserted: 0, updated: 0, unchanged: 49 });
  }, 120_000); // two full pulls of about 200 requests each

  it('--since keeps to PRs updated since then and stops paging there', async () => {
    const s = await newWorkspace(store);
    const before = server.requests.length;
    const report = await pull(s, 'panjf2000/ants', { since: '2022-01-01' });
    expect(report.pullRequests).toBe(6);
    expect((await pullRequestRows(s.store.db, s.workspaceId, ['panjf2000/ants'])).map((p) => p.id).sort()).toEqual(expect.arrayContaining(['panjf2000/ants#211']));
    expect(server.requests.slice(before).filter((r) => r.includes('/pulls?'))).toHaveLength(1);
  });

  it('turns deployments and their statuses into parts: finished, or inferred when only inactive is left', async () => {
    const s = await newWorkspace(store);
    const report = await pull(s, 'facebook/OpenBIC', { production: 'pages' });
    // Six comparisons between consecutive production parts; GitHub (here) answers one of them.
    expect(report).toMatchObject({ pullRequests: 0, deployments: 7, pendingDeployments: 0, inferredDeployments: 4, failedComparisons: 5 });
    expect(server.requests.filter((r) => r.includes('/compare/'))).toHaveLength(6);
    const shipped = await shippedCommits(s.store.db, s.workspaceId, ['facebook/OpenBIC/deployments/3881429895', 'facebook/OpenBIC/deployments/3839563910']);
    expect([...(shipped.get('facebook/OpenBIC/deployments/3881429895') ?? [])].sort()).toEqual([
      '0916a0afdfa825779c892a8951bde706a054d352',
      'aaaa000000000000000000000000000000000001',
    ]);
    expect(shipped.get('facebook/OpenBIC/deployments/3839563910')).toBeUndefined();
    const parts = await deploymentParts(s.store.db, s.workspaceId, ['facebook/OpenBIC']);
    expect(parts.filter((p) => p.shippedGiven).map((p) => p.id)).toEqual(['facebook/OpenBIC/deployments/3881429895']);
    const byId = Object.fromEntries(parts.map((p) => [p.id, p]));
    expect(byId['facebook/OpenBIC/deployments/3881429895']).toMatchObject({
      deploymentId: 'facebook/OpenBIC/deployments/3881429895',
      repo: 'facebook/OpenBIC',
      environment: 'production',
      result: 'success',
      startedAt: '2026-02-20T00:30:40.000Z',
      finishedAt: '2026-02-20T00:30:59.000Z',
      commitSha: '0916a0afdfa825779c892a8951bde706a054d352',
    });
    expect(byId['facebook/OpenBIC/deployments/3839563910']).toMatchObject({ result: 'success', startedAt: '2026-02-14T00:32:20.000Z', finishedAt: '2026-02-14T00:32:36.000Z' });
    expect(byId['facebook/OpenBIC/deployments/1707033729']).toMatchObject({ result: 'success', startedAt: '2024-08-08T00:17:56.000Z', finishedAt: '2024-08-08T00:18:12.000Z' });
    expect(byId['facebook/OpenBIC/deployments/1670973641']).toMatchObject({ result: 'success', startedAt: '2024-07-24T00:18:51.000Z', finishedAt: '2024-07-24T00:18:51.000Z' });
  });

  it('reads the webhook-shaped REST objects: PR size, a lower-case review state, a production deployment', async () => {
    const s = await newWorkspace(store);
    const report = await pull(s, 'Codertocat/Hello-World', { project: 'hello' });
    expect(report).toMatchObject({ pullRequests: 1, reviews: 1, deployments: 1 });
    const [pr] = await pullRequestRows(s.store.db, s.workspaceId, ['hello']);
    expect(pr).toMatchObject({ id: 'Codertocat/Hello-World#2', author: 'Codertocat', additions: 1, deletions: 1, mergedAt: null });
    expect(await deploymentParts(s.store.db, s.workspaceId, ['hello'])).toMatchObject([
      {
        id: 'Codertocat/Hello-World/deployments/145988746',
        environment: 'production',
        result: 'success',
        startedAt: '2019-05-15T15:20:53.000Z',
        finishedAt: '2019-05-15T15:20:55.000Z',
      },
    ]);
  });

  it('explains a refused token and an unknown repository', async () => {
    const s = await newWorkspace(store);
    const badToken = await failure(ingestGitHub(s, { repo: 'panjf2000/ants', token: 'wrong', apiUrl: server.url }));
    expect(badToken.code).toBe('unauthenticated');
    expect(badToken.message).toBe(
      'GitHub refused the token (GitHub: Bad credentials): pass a valid one with --token or GITHUB_TOKEN (a fine-grained token needs read access to pull requests, contents and deployments)',
    );
    const missing = await failure(pull(s, 'nobody/nothing'));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe(
      `GitHub has nothing at ${server.url}/repos/nobody/nothing (GitHub: Not Found): check --repo owner/name; a private repository also answers 404 to a token that can't see it`,
    );
    expect((await failure(pull(s, 'not-a-repo'))).message).toBe("--repo 'not-a-repo' is not owner/name (e.g. octo-org/api)");
  });
});

describe.skipIf(!HAVE_GITHUB_SAMPLES)('eos ingest github and the rate limit', () => {
  it('waits for the reset when the limit runs out, says so, and goes on', async () => {
    const store = await openPglite();
    const server = await startGitHubSampleServer({ exhaustAt: 3 });
    try {
      const s = await newWorkspace(store);
      const waits: number[] = [];
      const slept: number[] = [];
      const report = await ingestGitHub(s, {
        repo: 'Codertocat/Hello-World',
        apiUrl: server.url,
        onWait: (seconds) => waits.push(seconds),
        sleep: async (ms) => {
          slept.push(ms);
        },
      });
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThanOrEqual(1);
      expect(slept).toEqual([(waits[0] ?? 0) * 1000]);
      expect(report).toMatchObject({ pullRequests: 1, deployments: 1, waitedSeconds: waits[0] });
      expect(server.requests[2]).toBe(server.requests[3]); // the refused request, asked again
    } finally {
      await server.close();
      await store.close();
    }
  }, 120_000);

  it('gives up with rate_limited, naming the reset, when the wait would be longer than it may wait', async () => {
    const store = await openPglite();
    const server = await startGitHubSampleServer({ exhaustAt: 1 });
    try {
      const s = await newWorkspace(store);
      const error = await failure(ingestGitHub(s, { repo: 'Codertocat/Hello-World', apiUrl: server.url, maxWaitSeconds: 0 }));
      expect(error.code).toBe('rate_limited');
      expect(error.message).toMatch(/^GitHub's rate limit is used up until \d{4}-\d\d-\d\dT[\d:.]+Z; run again then, or with a token that has a higher limit$/);
      expect(error.details).toMatchObject({ retryAfterSeconds: expect.any(Number), rateLimit: { remaining: 0 } });
    } finally {
      await server.close();
      await store.close();
    }
  }, 120_000);
});

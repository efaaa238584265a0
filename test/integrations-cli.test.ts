import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGitRepo } from './support/git-repo.ts';
import { HAVE_GITHUB_SAMPLES, type SampleServer, startGitHubSampleServer } from './support/github-sample-server.ts';
import { runCli } from './support/run-cli.ts';

describe('eos ingest git / github on the command line', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-ingest-cli-'));
  const env = { EOS_HOME: home, EOS_USER: 'tester' };
  let repo: TestGitRepo;
  let server: SampleServer | undefined;
  beforeAll(async () => {
    repo = new TestGitRepo();
    repo.commit('a.txt', 'one', '2026-02-01T09:00:00Z');
    repo.git(['tag', 'v1'], '2026-02-01T09:00:00Z');
    repo.commit('b.txt', 'two', '2026-02-02T09:00:00Z');
    repo.git(['tag', 'v2'], '2026-02-02T09:00:00Z');
    if (HAVE_GITHUB_SAMPLES) server = await startGitHubSampleServer({ token: 't0ken' });
    expect((await runCli(['init'], env)).code).toBe(0);
  }, 180_000); // each eos run is a new process opening PGlite
  afterAll(async () => {
    await server?.close();
    repo.remove();
    rmSync(home, { recursive: true, force: true });
  });

  it('ingest git --json prints the counts; a second run changes nothing', async () => {
    const first = await runCli(['ingest', 'git', repo.path, '--deploy-tags', 'v*', '--repo', 'api', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      repo: 'api',
      project: 'api',
      commits: 2,
      changes: 0,
      deployments: 2,
      stored: { deployments: { inserted: 2 }, commits: { inserted: 2 } },
    });
    const second = await runCli(['ingest', 'git', repo.path, '--deploy-tags', 'v*', '--repo', 'api', '--json'], env);
    expect(JSON.parse(second.stdout).stored).toMatchObject({ deployments: { inserted: 0, updated: 0, unchanged: 2 }, commits: { unchanged: 2 } });
  }, 120_000);

  it.skipIf(!HAVE_GITHUB_SAMPLES)(
    'ingest github reads GITHUB_TOKEN; a refused token exits 6 with the reason',
    async () => {
      const ok = await runCli(['ingest', 'github', '--repo', 'Codertocat/Hello-World', '--api-url', server?.url ?? '', '--json'], { ...env, GITHUB_TOKEN: 't0ken' });
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ repo: 'Codertocat/Hello-World', pullRequests: 1, deployments: 1, rateLimit: { limit: 5000 } });
      const refused = await runCli(['ingest', 'github', '--repo', 'Codertocat/Hello-World', '--api-url', server?.url ?? '', '--token', 'nope', '--json'], env);
      expect(refused.code).toBe(6);
      expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'unauthenticated', status: 401 });
    },
    120_000,
  );
});

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue 11, point 8: CI runs .ci/audit, `npm audit` of the production dependencies, and fails on a
// high advisory. The real script and the real npm, against a registry of this test that answers
// the advisory endpoint as told (and the package documents npm asks for, from package-lock.json).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AUDIT = fileURLToPath(new URL('../.ci/audit', import.meta.url));
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version?: string }> };

type Answer = 'high' | 'moderate' | 'none' | 'refused';

/** One advisory against picocolors (a production dependency, through vite) at the given severity. */
const advisory = (severity: string) => ({
  picocolors: [
    { id: 1, url: 'https://example.com/advisories/1', title: 'Test advisory', severity, vulnerable_versions: '<99.0.0', cwe: [], cvss: { score: 7.5, vectorString: null } },
  ],
});

/** The packument npm reads to work out who is affected: the versions package-lock.json has. */
function packument(name: string): unknown {
  const versions: Record<string, { name: string; version: string }> = {};
  for (const [path, p] of Object.entries(lock.packages)) if (p.version && path.endsWith(`node_modules/${name}`)) versions[p.version] = { name, version: p.version };
  return { name, 'dist-tags': { latest: Object.keys(versions)[0] }, versions };
}

describe('.ci/audit', () => {
  let server: Server;
  let registry: string;
  let answer: Answer = 'none';

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (answer === 'refused') return res.writeHead(405, { allow: 'GET, HEAD' }).end();
        res.setHeader('content-type', 'application/json');
        if (req.method === 'GET') return res.end(JSON.stringify(packument(decodeURIComponent((req.url ?? '/').slice(1)))));
        res.end(JSON.stringify(answer === 'none' ? {} : advisory(answer)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const dir of caches) rmSync(dir, { recursive: true, force: true });
  });

  const caches: string[] = [];
  const cacheDir = () => {
    caches.push(mkdtempSync(join(tmpdir(), 'eos-ci-audit-cache-')));
    return caches.at(-1) ?? '';
  };
  // A fresh npm cache for each run: npm would otherwise answer the advisory request from the last run's.
  function audit(env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(AUDIT, [], {
        cwd: ROOT,
        env: { ...process.env, npm_config_registry: registry, npm_config_cache: cacheDir(), ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('passes when no advisory is known', async () => {
    answer = 'none';
    const run = await audit();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('npm audit: no high or critical advisory in the production dependencies\n');
  }, 120_000);

  it('fails on a high advisory, naming the package and the advisory', async () => {
    answer = 'high';
    const run = await audit();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('npm audit: high or critical advisories in the production dependencies');
    expect(run.stderr).toMatch(/^picocolors {2}\*\nSeverity: high\nTest advisory - https:\/\/example\.com\/advisories\/1$/m);
  }, 120_000);

  it('lets a moderate advisory through (the bar is high)', async () => {
    answer = 'moderate';
    const run = await audit();
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);

  it("says loudly when the advisory endpoint can't be reached, and fails then only with EOS_CI_AUDIT=required", async () => {
    answer = 'refused';
    const lenient = await audit();
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toBe(
      `WARNING: npm audit did not run: the registry's advisory endpoint answered: 405 Method Not Allowed - POST ${registry}-/npm/v1/security/advisories/bulk\n`,
    );
    const strict = await audit({ EOS_CI_AUDIT: 'required' });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('EOS_CI_AUDIT=required: failing');
  }, 120_000);
});

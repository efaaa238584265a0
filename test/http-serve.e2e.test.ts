import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EOS_BIN } from './support/run-cli.ts';

/** Starts `eos serve --port 0` and resolves with the process and the URL it prints. */
function startServer(home: string): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _embedded, ...env } = process.env;
    const child = spawn(process.execPath, [EOS_BIN, 'serve', '--port', '0'], {
      env: { ...env, EOS_HOME: home, EOS_LOG_LEVEL: 'warn', EOS_USER: 'tester' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
      const match = /eos serves workspace 'default' \(.*\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match?.[1]) resolve({ child, url: match[1], stderr: () => stderr });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`eos serve exited with ${code} before listening:\n${stderr}`)));
  });
}

describe('eos serve', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-serve-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('creates the demo workspace, serves the API, and on SIGTERM exits 0, closing the store and releasing the lock', { timeout: 180_000 }, async () => {
    const { child, url, stderr } = await startServer(home);
    expect(stderr()).toContain("creating the demo workspace 'default' (engineering-os with its starters)");
    // The same demo as eos init --demo (createDemoWorkspace): with the 90-day delivery history.
    expect(stderr()).toMatch(/✓ loaded a 90-day demo delivery history: \d{3} pull requests, \d+ deployments, \d+ incidents/);
    expect(existsSync(join(home, 'data.lock'))).toBe(true);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true, engine: 'pglite' });
    const anonymous = await fetch(`${url}/api/v1/databases`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr()).toContain('SIGTERM: finishing open requests, then closing the store');
    expect(existsSync(join(home, 'data.lock'))).toBe(false);
  });
});

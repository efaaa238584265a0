import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, EOS_BIN, runCli } from './support/run-cli.ts';
import { MINI_PACK } from './support/workspace.ts';

interface Lock {
  readonly pid: number;
  readonly command: string;
  readonly port?: number;
  readonly token?: string;
}

function readLock(home: string): Lock | undefined {
  try {
    return JSON.parse(readFileSync(join(home, 'data.lock'), 'utf8')) as Lock;
  } catch {
    return undefined;
  }
}

/** Starts a real `eos serve` and resolves once it has announced its port and CLI token in the lock. */
async function startServer(env: Record<string, string>, home: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [EOS_BIN, 'serve', '--port', '0'], { env: { ...process.env, ...env, EOS_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`eos serve exited with ${child.exitCode}: ${stderr}`);
    const lock = readLock(home);
    if (lock && lock.pid === child.pid && lock.port && lock.token) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`eos serve did not announce itself in the lock: ${stderr}`);
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function json<T>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}

describe('CLI commands while eos serve holds the embedded workspace (two real processes)', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-forward-'));
  // `eos serve` adds the first run's admin, `admin` (ADR 037): the CLI acts as that user.
  const env = { EOS_HOME: home, EOS_USER: 'admin', EOS_LOCK_WAIT_MS: '0' };
  const eos = (args: string[], extra: Record<string, string> = {}, input?: string) => runCli(args, { ...env, ...extra }, input);
  let server: ChildProcess;

  beforeAll(async () => {
    expect((await eos(['init', '--pack', MINI_PACK])).code).toBe(0);
    server = await startServer(env, home);
  }, 180_000);

  afterAll(async () => {
    if (server) await stop(server);
  });

  it('announces its port and a CLI token in a lock file only its owner can read', () => {
    const lock = readLock(home);
    expect(lock).toMatchObject({ pid: server.pid, command: 'eos serve', port: expect.any(Number), token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(statSync(join(home, 'data.lock')).mode & 0o777).toBe(0o600);
  });

  it('runs concurrent CLI writers through the server, and every write lands', async () => {
    const writers = Array.from({ length: 5 }, (_, i) => eos(['record', 'create', 'changes', '--set', `Title=Concurrent ${i}`, '--set', `Points=${i}`]));
    const results = await Promise.all(writers);
    for (const r of results) expect(r).toMatchObject({ code: 0, stderr: '' });
    const keys = results.map((r) => r.stdout.trim()).sort();
    expect(new Set(keys).size).toBe(5);
    for (const k of keys) expect(k).toMatch(/^CHG-\d{4}$/);
    // Three processes update one record at once: none of the updates is lost.
    const target = keys[0] ?? '';
    const updates = await Promise.all([1, 2, 3].map((n) => eos(['record', 'update', target, '--set', `Points=${n}`])));
    for (const u of updates) expect(u.code).toBe(0);
    const list = json<{ records: { key: string; title: string; version: number; createdBy: string }[] }>(await eos(['record', 'list', 'changes', '--json']));
    const written = list.records.filter((r) => r.title.startsWith('Concurrent '));
    expect(written.map((r) => r.key).sort()).toEqual(keys);
    expect(written.every((r) => r.createdBy === 'admin')).toBe(true);
    expect(written.find((r) => r.key === target)?.version).toBe(4);
  }, 300_000);

  it('keeps exit codes, JSON errors and relative file paths of the calling process', async () => {
    const missing = await eos(['record', 'get', 'NOPE-1', '--json']);
    expect(missing.code).toBe(4);
    expect(json(missing)).toMatchObject({ error: { code: 'not_found', message: "No record has the key or title 'NOPE-1'" } });
    const usage = await eos(['record', 'create']);
    expect(usage.code).toBe(2);
    const backup = await runCli(['backup', 'forwarded.eosbak'], env);
    expect(backup.code).toBe(0);
    expect(existsSync(join(process.cwd(), 'forwarded.eosbak'))).toBe(true);
    await import('node:fs').then((fs) => fs.rmSync(join(process.cwd(), 'forwarded.eosbak')));
  }, 240_000);

  it('reads --password-stdin in the calling process; the user then logs in over HTTP', async () => {
    const added = await eos(['user', 'add', 'root', '--role', 'admin', '--password-stdin'], {}, 'a long password\n');
    expect(added).toMatchObject({ code: 0, stdout: '✓ added root (admin); root can log in to the web app\n' });
    const port = readLock(home)?.port;
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'root', password: 'a long password' }),
    });
    expect(login.status).toBe(200);
    // EOS_USER=ana is not a user of the workspace, so the CLI only reads.
    const refused = await eos(['record', 'create', 'changes', '--set', 'Title=by a stranger'], { EOS_USER: 'ana' });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain("ana is not a user of this workspace and can't create records");
    const asRoot = await eos(['record', 'create', 'changes', '--set', 'Title=by root'], { EOS_USER: 'root' });
    expect(asRoot.code).toBe(0);
    const token = await eos(['token', 'create', 'root', '--name', 'ci', '--json'], { EOS_USER: 'root' });
    const created = json<{ token: string }>(token);
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, { headers: { authorization: `Bearer ${created.token}` } });
    expect(await me.json()).toEqual({ user: { name: 'root', role: 'admin', roles: ['admin'] }, csrfToken: null, mustChangePassword: false });
    // A one-time password made up by the server, printed once to whoever asked, and to be changed at the first login.
    const vic = json<{ user: { mustChangePassword: boolean }; oneTimePassword: string }>(
      await eos(['user', 'add', 'vic', '--role', 'viewer', '--one-time-password', '--json'], { EOS_USER: 'root' }),
    );
    expect(vic.user.mustChangePassword).toBe(true);
    expect(vic.oneTimePassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const first = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'vic', password: vic.oneTimePassword }),
    });
    expect(await first.json()).toMatchObject({ user: { name: 'vic', role: 'viewer' }, mustChangePassword: true });
    expect((await eos(['user', 'list'], { EOS_USER: 'root' })).stdout).toMatch(/^vic +vic +viewer +one-time /m);
  }, 240_000);

  it("refuses a command without the server's CLI token", async () => {
    const port = readLock(home)?.port;
    const res = await fetch(`http://127.0.0.1:${port}/api/internal/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-token' },
      body: JSON.stringify({ argv: ['user', 'list'], actor: 'root', cwd: '/' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: "This is not the server's local CLI token" } });
  });

  it('after the server stops, the CLI opens the store itself and finds every write', async () => {
    expect(await stop(server)).toBe(0);
    expect(existsSync(join(home, 'data.lock'))).toBe(false);
    const list = json<{ records: { title: string }[] }>(await eos(['record', 'list', 'changes', '--json'], { EOS_USER: 'root' }));
    expect(list.records.map((r) => r.title).sort()).toEqual(['Concurrent 0', 'Concurrent 1', 'Concurrent 2', 'Concurrent 3', 'Concurrent 4', 'by root']);
    const verify = await eos(['audit', 'verify', '--json'], { EOS_USER: 'root' });
    expect(verify.code).toBe(0);
    expect(json(verify)).toMatchObject({ ok: true });
  }, 240_000);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../src/app/audit-trail.ts';
import { listDecisions } from '../src/app/decide.ts';
import { openSession } from '../src/app/session.ts';
import { fileAuditTrust } from '../src/store/file-audit-trust.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import { refusesConnections } from './support/refuses-connections.ts';
import { EOS_BIN } from './support/run-cli.ts';

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  /** What it printed for people, and its pino log (every request, at level info). */
  readonly stderr: () => string;
  readonly log: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts `eos serve --port 0` and resolves with the process and the URL it prints. */
function startServer(home: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _embedded, ...env } = process.env;
    const child = spawn(process.execPath, [EOS_BIN, 'serve', '--port', '0'], {
      env: { ...env, EOS_HOME: home, EOS_LOG_LEVEL: 'info', EOS_USER: 'tester' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let log = '';
    child.stdout?.on('data', (d) => (log += d));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    child.stderr?.on('data', (d) => {
      stderr += d;
      const match = /eos serves workspace 'default' \(.*\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match?.[1]) resolve({ child, url: match[1], stderr: () => stderr, log: () => log, exited });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`eos serve exited with ${code} before listening:\n${stderr}`)));
  });
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** A POST whose body is sent in two parts: the first now, the rest when `finish` is called. */
function slowPost(url: string, headers: Record<string, string>, body: string) {
  const split = Math.floor(body.length / 2);
  const req = request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
  const answer = new Promise<{ status: number; body: string; length: string | undefined; connection: string | undefined }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, length: res.headers['content-length'], connection: res.headers.connection }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, split));
  return {
    answer,
    /** Sends the rest of the body in small pieces, `gapMs` apart, as a slow client would. */
    async finish(gapMs: number) {
      const rest = body.slice(split);
      for (let i = 0; i < rest.length; i += 64) {
        await new Promise((resolve) => setTimeout(resolve, gapMs));
        req.write(rest.slice(i, i + 64));
      }
      req.end();
    },
  };
}

/** Waits (up to 5 s) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('eos serve on a fresh embedded workspace, started twice', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-serve-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  let first: Server;
  let session: { cookie: string; csrf: string };
  const password = 'my own admin password';

  it('creates the demo workspace and an admin with a one-time password, printed once, that must be changed at the first login', { timeout: 180_000 }, async () => {
    first = await startServer(home);
    const { url, stderr } = first;
    expect(stderr()).toContain("creating the demo workspace 'default' (engineering-os with its starters)");
    // The same demo as eos init --demo (createDemoWorkspace): with the 90-day delivery history.
    expect(stderr()).toMatch(/✓ loaded a 90-day demo delivery history: \d{3} pull requests, \d+ deployments, \d+ incidents/);
    expect(existsSync(join(home, 'data.lock'))).toBe(true);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true, engine: 'pglite' });
    const anonymous = await fetch(`${url}/api/v1/databases`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');

    // Printed once, right after the listening line.
    await until(() => /password: {2}\S+\n/.test(stderr()), 'the one-time password');
    expect(stderr()).toContain('first run: eos added the user admin (role admin) with a one-time password');
    expect(stderr()).toContain(`    open:      ${url}\n    username:  admin\n`);
    const oneTime = /password: {2}(\S+)\n/.exec(stderr())?.[1] ?? '';
    expect(oneTime).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(stderr().split(oneTime)).toHaveLength(2);

    const login = await post(`${url}/api/v1/auth/login`, { username: 'admin', password: oneTime });
    expect(login.status).toBe(200);
    const me = (await login.json()) as { user: unknown; csrfToken: string; mustChangePassword: boolean };
    expect(me).toEqual({ user: { name: 'admin', role: 'admin', roles: ['admin'] }, csrfToken: expect.any(String), mustChangePassword: true });
    const cookie = /eos_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
    session = { cookie: `eos_session=${cookie}`, csrf: me.csrfToken };
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };
    expect((await fetch(`${url}/api/v1/databases`, { headers })).status).toBe(403);
    const changed = await post(`${url}/api/v1/me/password`, { currentPassword: oneTime, newPassword: password }, headers);
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ user: { name: 'admin', role: 'admin', roles: ['admin'] }, csrfToken: session.csrf, mustChangePassword: false });
    expect((await fetch(`${url}/api/v1/databases`, { headers })).status).toBe(200);
    const old = await post(`${url}/api/v1/auth/login`, { username: 'admin', password: oneTime });
    expect(old.status).toBe(401);
    expect(await old.json()).toEqual({ error: { code: 'unauthenticated', message: 'Wrong username or password' } });
    expect(await (await post(`${url}/api/v1/auth/login`, { username: 'admin', password })).json()).toMatchObject({ mustChangePassword: false });
    // The server's log has every request, and neither password.
    expect(first.log()).toContain('"url":"/api/v1/me/password"');
    expect(first.log()).not.toContain(oneTime);
    expect(first.log()).not.toContain(password);
  });

  it('on SIGTERM refuses new connections, finishes the request in flight with its whole answer, closes the store and exits 0', { timeout: 60_000 }, async () => {
    const { url, stderr, child, exited } = first;
    const decision = { scope: 'ops', action: 'drain', summary: 'Written while the server shut down', rationale: 'x'.repeat(2000) };
    const slow = slowPost(`${url}/api/v1/decisions`, { cookie: session.cookie, 'x-csrf-token': session.csrf }, JSON.stringify(decision));
    // The server has the request's headers (and has authenticated it) before the signal comes.
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGTERM');
    await until(() => stderr().includes('SIGTERM: finishing open requests, then closing the store'), 'the SIGTERM line');
    await until(() => refusesConnections(url), 'the server to stop listening');
    expect(child.exitCode).toBeNull();
    // The rest of the body trickles in over about 1.6 s, well after the signal.
    await slow.finish(50);
    const answer = await slow.answer;
    expect(answer.status).toBe(201);
    // The connection ends with this answer, so an idle keep-alive doesn't hold the exit back.
    expect(answer.connection).toBe('close');
    expect(Buffer.byteLength(answer.body)).toBe(Number(answer.length));
    expect(JSON.parse(answer.body)).toMatchObject({ ...decision, actor: 'admin' });
    expect(await exited).toBe(0);
    expect(existsSync(join(home, 'data.lock'))).toBe(false);
  });

  it('on a second start prints no password; the data folder then reopens with the drained write and a clean audit chain', { timeout: 180_000 }, async () => {
    const second = await startServer(home);
    expect(await (await post(`${second.url}/api/v1/auth/login`, { username: 'admin', password })).json()).toMatchObject({ mustChangePassword: false });
    // By the time it answered a login, it has printed everything it prints at start.
    expect(second.stderr()).not.toContain('creating the demo workspace');
    expect(second.stderr()).not.toMatch(/first run|password:/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    // The key and the witness the server used are in $EOS_HOME/trust: verify as the CLI would.
    const store = await openPglite(join(home, 'data'), { trust: fileAuditTrust({ home }) });
    try {
      const s = await openSession({ store, workspaceId: 'default', actor: 'tester' });
      expect((await listDecisions(s, { action: 'drain' })).map((d) => [d.summary, d.actor])).toEqual([['Written while the server shut down', 'admin']]);
      expect(await verifyAudit(s)).toMatchObject({ ok: true, entries: expect.any(Number) });
    } finally {
      await store.close();
    }
  });
});

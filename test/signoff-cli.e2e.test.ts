import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, EOS_BIN, runCli } from './support/run-cli.ts';

const PACK = fileURLToPath(new URL('./fixtures/packs/signoffs', import.meta.url));

const json = <T>(result: CliResult): T => JSON.parse(result.stdout) as T;

const HOW_TO_SIGN =
  'A signature needs proof of who signs: sign in the web app, call the API with your token, or on the CLI set EOS_TOKEN=<your API token> (create one with: eos token create <you>); EOS_USER alone, which anyone can set, never signs';

/** Starts a real `eos serve` and resolves once it has announced its port and CLI token in the lock (ADR 012). */
async function startServer(env: Record<string, string>, home: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [EOS_BIN, 'serve', '--port', '0'], { env: { ...process.env, ...env, EOS_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`eos serve exited with ${child.exitCode}: ${stderr}`);
    try {
      const lock = JSON.parse(readFileSync(join(home, 'data.lock'), 'utf8')) as { pid: number; port?: number; token?: string };
      if (lock.pid === child.pid && lock.port && lock.token) return child;
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`eos serve did not announce itself: ${stderr}`);
}

describe('eos record sign in real processes: EOS_TOKEN proves who signs, EOS_USER alone does not', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-sign-'));
  const env = { EOS_HOME: home, EOS_USER: 'root', EOS_LOCK_WAIT_MS: '0' };
  const eos = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });
  let quinnToken = '';
  let key = '';
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    expect((await eos(['init', '--pack', PACK])).code).toBe(0);
    expect((await eos(['user', 'add', 'root', '--role', 'admin'])).code).toBe(0);
    const quinn = await eos(['user', 'add', 'quinn', '--role', 'editor', '--role', 'qa']);
    expect(quinn.stdout).toContain('added quinn (editor, qa)');
    quinnToken = json<{ token: string }>(await eos(['token', 'create', 'quinn', '--json'])).token;
    key = json<{ key: string }>(await eos(['record', 'create', 'reviews', '--set', 'Title=Ship 2.0', '--set', 'Type=Standard', '--json'])).key;
  }, 600_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  }, 300_000);

  it('lists several roles per user', async () => {
    const list = json<{ users: { name: string; role: string; roles: string[] }[] }>(await eos(['user', 'list', '--json']));
    expect(list.users.find((u) => u.name === 'quinn')).toMatchObject({ role: 'editor', roles: ['editor', 'qa'] });
  }, 300_000);

  it('refuses EOS_USER alone with exit 6, naming EOS_TOKEN, and changes nothing', async () => {
    const bare = await eos(['record', 'sign', key, 'QA Sign-off', '--verdict', 'go'], { EOS_USER: 'quinn' });
    expect(bare.code).toBe(6);
    expect(bare.stderr).toBe(`error: quinn can't sign: ${HOW_TO_SIGN}\n`);
    expect(json<{ version: number }>(await eos(['record', 'get', key, '--json'])).version).toBe(1);
  }, 300_000);

  it("signs with EOS_TOKEN as the token's user, whatever EOS_USER says; the record shows the signature", async () => {
    const signed = await eos(['record', 'sign', key, 'QA Sign-off', '--verdict', 'go', '--note', 'suite green', '--json'], { EOS_USER: 'someone-else', EOS_TOKEN: quinnToken });
    expect(signed.code, signed.stderr).toBe(0);
    const record = json<{ version: number; updatedBy: string; fields: Record<string, unknown> }>(signed);
    expect(record).toMatchObject({ version: 2, updatedBy: 'quinn' });
    expect(record.fields['QA Sign-off']).toMatchObject({ verdict: 'go', by: 'quinn', role: 'qa', note: 'suite green', version: 2, current: true });
    const shown = await eos(['record', 'get', key]);
    expect(shown.stdout).toMatch(/QA Sign-off: +GO by quinn \(qa\) \d{4}-\d\d-\d\d \d\d:\d\d, signed at version 2 — suite green\n/);
    const decisions = json<{ decisions: { action: string; actor: string }[] }>(await eos(['decisions', '--record', key, '--json']));
    expect(decisions.decisions[0]).toMatchObject({ action: 'signoff.go', actor: 'quinn' });
  }, 300_000);

  it('--set refuses a sign-off (exit 2); an edit makes the signature stale, and get says so', async () => {
    const set = await eos(['record', 'update', key, '--set', 'QA Sign-off=go']);
    expect(set.code).toBe(2);
    expect(set.stderr).toContain("QA Sign-off is a sign-off: it can't be set or cleared as a value, only signed by its role");
    expect((await eos(['record', 'update', key, '--set', 'Notes=one more thing'])).code).toBe(0);
    expect((await eos(['record', 'get', key])).stdout).toContain('signed at version 2, record changed since');
  }, 300_000);

  it('refuses a token that is not valid with exit 6', async () => {
    const bogus = await eos(['record', 'sign', key, 'QA Sign-off', '--verdict', 'go'], { EOS_TOKEN: 'not-a-token' });
    expect(bogus.code).toBe(6);
    expect(bogus.stderr).toContain('This API token is not valid');
  }, 300_000);

  it('forwarded to a running eos serve, the sign carries the token: it signs with it and is refused without', async () => {
    server = await startServer(env, home);
    const bare = await eos(['record', 'sign', key, 'QA Sign-off', '--verdict', 'no_go'], { EOS_USER: 'quinn' });
    expect(bare.code).toBe(6);
    expect(bare.stderr).toContain(HOW_TO_SIGN);
    const signed = await eos(['record', 'sign', key, 'QA Sign-off', '--verdict', 'no_go', '--json'], { EOS_TOKEN: quinnToken });
    expect(signed.code, signed.stderr).toBe(0);
    expect(json<{ fields: Record<string, unknown> }>(signed).fields['QA Sign-off']).toMatchObject({ verdict: 'no_go', by: 'quinn', current: true });
  }, 600_000);
});

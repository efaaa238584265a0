import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/store/open-pglite.ts';
import { openPostgres } from '../../src/store/open-postgres.ts';
import { ENGINES, POSTGRES_URL } from '../support/engines.ts';
import { EOS_BIN, runCli } from '../support/run-cli.ts';

/** Committed heads the witness has seen for workspace 'default'. */
function heads(witness: string): number {
  if (!existsSync(witness)) return 0;
  return readFileSync(witness, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('default head ')).length;
}

/** Runs `eos init --demo` and kills it with SIGKILL once `commits` transactions have committed. */
function initKilledAfter(env: Record<string, string>, witness: string, commits: number): Promise<{ signal: NodeJS.Signals | null; code: number | null; heads: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EOS_BIN, 'init', '--demo', '--json'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const poll = setInterval(() => {
      if (heads(witness) >= commits) child.kill('SIGKILL');
    }, 10);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, heads: heads(witness) });
    });
  });
}

// `eos init --demo` is several transactions (the workspace, each starter, the demo history). Killed
// with SIGKILL between them, it leaves a workspace marked unfinished by a dead process; the retry
// removes those remains and makes the whole demo, never "already exists" (issue 11, point 4).
describe.each(ENGINES)('kill -9 during eos init --demo, on %s', (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  async function environment(): Promise<{ env: Record<string, string>; witness: string }> {
    const home = mkdtempSync(join(tmpdir(), 'eos-init-kill-'));
    const witness = join(home, 'witness.log');
    const env: Record<string, string> = { EOS_HOME: home, EOS_USER: 'tester', EOS_AUDIT_WITNESS: witness, EOS_LOG_LEVEL: 'warn' };
    cleanups.push(async () => rmSync(home, { recursive: true, force: true }));
    if (engine === 'postgres') {
      const name = `eos_probe_${randomUUID().slice(0, 8)}`;
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${name}`;
      env.DATABASE_URL = url.toString();
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: POSTGRES_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      });
    }
    return { env, witness };
  }

  for (const commits of [1, 3]) {
    it(`retries a demo init killed after ${commits} commit${commits === 1 ? '' : 's'}: the whole demo, once`, async () => {
      const { env, witness } = await environment();
      const killed = await initKilledAfter(env, witness, commits);
      expect(killed.signal, `the init finished before the kill (exit ${killed.code})`).toBe('SIGKILL');
      expect(killed.heads).toBeGreaterThanOrEqual(commits);

      const retried = await runCli(['init', '--demo', '--json'], env);
      expect(retried.code, retried.stderr).toBe(0);
      const made = JSON.parse(retried.stdout) as { workspace: string; starters: { database: string; created: number }[] };
      expect(made.workspace).toBe('default');
      const loaded = made.starters.reduce((n, s) => n + s.created, 0);
      expect(loaded).toBeGreaterThan(0);

      // Exactly what the retry loaded: nothing of the killed run is left over.
      const store = env.DATABASE_URL ? await openPostgres(env.DATABASE_URL, { poolSize: 1 }) : await openPglite(join(env.EOS_HOME as string, 'data'));
      try {
        const counted = await store.db.execute(sql`select count(*)::int as n from records where workspace_id = 'default'`);
        expect((counted as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(loaded);
      } finally {
        await store.close();
      }
      // The trail verifies against the witness, which noted the reset of the remains' heads.
      const verify = await runCli(['audit', 'verify'], env);
      expect(verify.code, `${verify.stdout}${verify.stderr}`).toBe(0);
      expect(readFileSync(witness, 'utf8')).toContain('default reset\n');
      // A finished workspace is never replaced.
      const again = await runCli(['init', '--demo', '--json'], env);
      expect(again.code).toBe(2);
      expect(JSON.parse(again.stdout || again.stderr).error.message).toBe("Workspace 'default' already exists");
    });
  }
});

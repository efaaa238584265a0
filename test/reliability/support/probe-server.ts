import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { importCsv } from '../../../src/app/import/import-csv.ts';
import { initWorkspace } from '../../../src/app/init-workspace.ts';
import { readPack } from '../../../src/app/read-pack.ts';
import { openSession } from '../../../src/app/session.ts';
import { openPglite } from '../../../src/store/open-pglite.ts';
import { openPostgres } from '../../../src/store/open-postgres.ts';
import type { EngineKind, Store } from '../../../src/store/store.ts';
import { POSTGRES_URL } from '../../support/engines.ts';
import { createTestUsers } from '../../support/http-users.ts';
import { EOS_BIN } from '../../support/run-cli.ts';
import { MINI_PACK } from '../../support/workspace.ts';

/** A workspace a real `eos serve` process runs on: its environment, an admin's headers, and a way to reopen its store. */
export interface ProbeWorkspace {
  readonly engine: EngineKind;
  readonly env: Record<string, string>;
  readonly headers: Record<string, string>;
  /** Opens the store the server writes to (only once the server has stopped, for PGlite). */
  openStore(): Promise<Store>;
  remove(): Promise<void>;
}

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh workspace 'default' (the mini test pack, TEST_USERS) on its own PGlite folder or PostgreSQL database. */
export async function probeWorkspace(engine: EngineKind, options: { readonly records?: number } = {}): Promise<ProbeWorkspace> {
  const home = mkdtempSync(join(tmpdir(), 'eos-probe-'));
  let url: string | undefined;
  let dbName: string | undefined;
  if (engine === 'postgres') {
    dbName = `eos_probe_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    url = databaseUrl(dbName);
  }
  const openStore = () => (url ? openPostgres(url, { poolSize: 5 }) : openPglite(join(home, 'data')));
  const store = await openStore();
  let headers: Record<string, string>;
  try {
    const { pack } = readPack(MINI_PACK);
    await initWorkspace({ store, workspaceId: 'default', pack, actor: 'tester' });
    headers = (await createTestUsers(store, 'default')).headers('root');
    if (options.records) {
      const session = await openSession({ store, workspaceId: 'default', actor: 'tester' });
      const text = `Title,Points\n${Array.from({ length: options.records }, (_, i) => `Seeded ${i},${i % 13}`).join('\n')}\n`;
      await importCsv(session, { database: 'changes', file: 'seed.csv', text });
    }
  } finally {
    await store.close();
  }
  const { DATABASE_URL: _embedded, ...env } = process.env as Record<string, string>;
  return {
    engine,
    env: { ...env, EOS_HOME: home, EOS_USER: 'tester', EOS_LOG_LEVEL: 'warn', ...(url ? { DATABASE_URL: url } : {}) },
    headers,
    openStore,
    async remove() {
      rmSync(home, { recursive: true, force: true });
      if (dbName) {
        const admin = new pg.Client({ connectionString: POSTGRES_URL });
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      }
    },
  };
}

export interface ProbeServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
}

/** Starts `eos serve --port 0` on the workspace and resolves once it listens. */
export function startServer(workspace: ProbeWorkspace): Promise<ProbeServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EOS_BIN, 'serve', '--port', '0'], { env: workspace.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code, signal) => done(code ?? (signal ? -1 : null))));
    child.stderr?.on('data', (d) => {
      stderr += d;
      const match = /eos serves workspace 'default' \(.*\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match?.[1]) resolve({ child, url: match[1], exited, stderr: () => stderr });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`eos serve exited with ${code} before listening:\n${stderr}`)));
  });
}

/** Stops a server with SIGTERM and waits for it. */
export async function stopServer(server: ProbeServer): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  await server.exited;
}

/** The p-th percentile (0–100) of the values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { addUser } from '../../src/app/auth/add-user.ts';
import { createToken } from '../../src/app/auth/create-token.ts';
import { importCsv } from '../../src/app/import/import-csv.ts';
import { initWorkspace } from '../../src/app/init-workspace.ts';
import { readPack } from '../../src/app/read-pack.ts';
import { openSession } from '../../src/app/session.ts';
import { openPglite } from '../../src/store/open-pglite.ts';
import { openPostgres } from '../../src/store/open-postgres.ts';
import type { EngineKind, Store } from '../../src/store/store.ts';

/**
 * `npm run bench:healthz`: is `eos serve` still alive to its orchestrator while it works hard?
 * A real `eos serve` process per engine (the mini pack, 2,000 records), then at once: a CSV import
 * of --mb MB over POST /api/v1/imports (committed, not a dry run), autocannon (its own process)
 * keeping --connections connections listing 50 records for --seconds, and this process timing
 * GET /healthz every 20 ms (and GET /readyz every 200 ms) until both are over. Issue 11 asks
 * /healthz p99 < 100 ms. Results (Markdown) go to stdout.
 */

const ROOT = new URL('../../', import.meta.url);
const AUTOCANNON = fileURLToPath(new URL('node_modules/.bin/autocannon', ROOT));
const EOS_BIN = fileURLToPath(new URL('bin/eos.js', ROOT));
const MINI_PACK = fileURLToPath(new URL('test/fixtures/packs/mini', ROOT));
const SEEDED = 2000;

interface Workspace {
  readonly env: Record<string, string>;
  readonly token: string;
  remove(): Promise<void>;
}

async function makeWorkspace(engine: EngineKind, postgresUrl: string): Promise<Workspace> {
  const home = mkdtempSync(join(tmpdir(), 'eos-bench-healthz-'));
  let url: string | undefined;
  const dbName = `eos_bench_healthz_${randomBytes(3).toString('hex')}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(query);
    await client.end();
  };
  if (engine === 'postgres') {
    await admin(`create database ${dbName}`);
    const u = new URL(postgresUrl);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const store: Store = url ? await openPostgres(url, { poolSize: 5 }) : await openPglite(join(home, 'data'));
  let token: string;
  try {
    const { pack } = readPack(MINI_PACK);
    await initWorkspace({ store, workspaceId: 'default', pack, actor: 'bench' });
    const scope = { store, workspaceId: 'default' };
    const root = { name: 'bench', role: 'admin' as const };
    await addUser(scope, root, { name: 'bench', role: 'admin' });
    token = (await createToken(scope, root, { user: 'bench', name: 'bench' })).token;
    const session = await openSession({ store, workspaceId: 'default', actor: 'bench' });
    const text = `Title,Points\n${Array.from({ length: SEEDED }, (_, i) => `Seeded ${i},${i % 13}`).join('\n')}\n`;
    await importCsv(session, { database: 'changes', file: 'seed.csv', text });
  } finally {
    await store.close();
  }
  const { DATABASE_URL: _embedded, ...env } = process.env as Record<string, string>;
  return {
    env: { ...env, EOS_HOME: home, EOS_USER: 'bench', EOS_LOG_LEVEL: 'warn', ...(url ? { DATABASE_URL: url } : {}) },
    token,
    async remove() {
      rmSync(home, { recursive: true, force: true });
      if (url) await admin(`drop database if exists ${dbName} with (force)`);
    },
  };
}

function serve(workspace: Workspace): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EOS_BIN, 'serve', '--port', '0'], { env: workspace.env, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
      const match = /eos serves workspace 'default' \(.*\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match?.[1]) resolve({ child, url: match[1], exited });
    });
    child.on('exit', (code) => reject(new Error(`eos serve exited with ${code} before listening:\n${stderr}`)));
  });
}

/** POST with node:http: fetch gives up on an answer after 300 s, and a 50 MB import on PGlite takes longer here. */
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface ListLoad {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
}

function listLoad(url: string, token: string, connections: number, seconds: number): Promise<ListLoad> {
  const args = ['-c', String(connections), '-d', String(seconds), '-j', '-n', '-H', `authorization=Bearer ${token}`, url];
  return new Promise((resolve, reject) => {
    const child = spawn(AUTOCANNON, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as ListLoad);
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** About `mb` MB of CSV for the changes database: a title, two selects, a rollback plan of ~300 characters, points. */
function bigCsv(mb: number): { text: string; rows: number } {
  const plan = 'Revert the deployment with the previous image, restore the config snapshot, re-run smoke tests. '.repeat(3);
  const lines = ['Title,Type,Risk Level,Rollback Plan,Points'];
  let size = lines[0]?.length ?? 0;
  let rows = 0;
  while (size < mb * 1_000_000) {
    const line = `Bench change ${rows} to the flight software build,${['ECR', 'ECO'][rows % 2]},${['Low', 'Medium', 'High'][rows % 3]},"${plan}",${rows % 97}`;
    lines.push(line);
    size += line.length + 1;
    rows++;
  }
  return { text: `${lines.join('\n')}\n`, rows };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

async function time(url: string, statuses: Map<number, number>): Promise<number> {
  const started = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  return performance.now() - started;
}

interface EngineResult {
  readonly engine: EngineKind;
  readonly rows: number;
  readonly importStatus: number;
  readonly importSeconds: number;
  readonly healthz: readonly number[];
  readonly healthzStatuses: Map<number, number>;
  readonly readyz: readonly number[];
  readonly readyzStatuses: Map<number, number>;
  readonly list: ListLoad;
}

async function runEngine(engine: EngineKind, o: { mb: number; seconds: number; connections: number; postgresUrl: string }): Promise<EngineResult> {
  process.stderr.write(`[${engine}] making the workspace …\n`);
  const workspace = await makeWorkspace(engine, o.postgresUrl);
  const server = await serve(workspace);
  try {
    const csv = bigCsv(o.mb);
    const body = JSON.stringify({ database: 'changes', csv: csv.text, file: 'bench.csv' });
    process.stderr.write(`[${engine}] ${csv.rows} rows (${(body.length / 1e6).toFixed(1)} MB body), ${o.connections} connections listing for ${o.seconds} s …\n`);
    const headers = { authorization: `Bearer ${workspace.token}`, 'content-type': 'application/json' };
    const started = performance.now();
    let importing = true;
    let importStatus = 0;
    let importSeconds = 0;
    const imported = post(`${server.url}/api/v1/imports`, headers, body)
      .then((r) => {
        importStatus = r.status;
        if (r.status !== 200) process.stderr.write(`[${engine}] import answered ${r.status}: ${r.text.slice(0, 500)}\n`);
      })
      .catch((error: Error) => {
        importStatus = -1;
        process.stderr.write(`[${engine}] import failed: ${error.message}\n`);
      })
      .finally(() => {
        importSeconds = (performance.now() - started) / 1000;
        importing = false;
      });
    let listing = true;
    const listed = listLoad(`${server.url}/api/v1/records?database=changes&limit=50`, workspace.token, o.connections, o.seconds).finally(() => {
      listing = false;
    });
    const healthz: number[] = [];
    const readyz: number[] = [];
    const healthzStatuses = new Map<number, number>();
    const readyzStatuses = new Map<number, number>();
    const sampleReady = async () => {
      while (importing || listing) {
        readyz.push(await time(`${server.url}/readyz`, readyzStatuses));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const readySampling = sampleReady();
    while (importing || listing) {
      healthz.push(await time(`${server.url}/healthz`, healthzStatuses));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all([imported, readySampling]);
    return { engine, rows: csv.rows, importStatus, importSeconds, healthz, healthzStatuses, readyz, readyzStatuses, list: await listed };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await workspace.remove();
  }
}

function report(results: readonly EngineResult[], o: { mb: number; seconds: number; connections: number }): string {
  const ms = (n: number) => Math.round(n).toLocaleString('en-US');
  const statuses = (m: Map<number, number>) => [...m.entries()].map(([s, n]) => `${n}× ${s}`).join(', ');
  const rows = results.map(
    (r) =>
      `| ${r.engine} | ${r.rows.toLocaleString('en-US')} rows: ${r.importStatus} in ${r.importSeconds.toFixed(1)} s | ${ms(r.list.requests.average)} req/s, p50 ${r.list.latency.p50} / p99 ${r.list.latency.p99} ms, ${r.list.non2xx} non-2xx, ${r.list.errors} errors | ${r.healthz.length} (${statuses(r.healthzStatuses)}) | ${ms(percentile(r.healthz, 50))} / **${ms(percentile(r.healthz, 99))}** / ${ms(Math.max(...r.healthz))} | ${ms(percentile(r.readyz, 50))} / ${ms(percentile(r.readyz, 99))} (${statuses(r.readyzStatuses)}) |`,
  );
  const machine = `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  return [
    `${new Date().toISOString()} · Node ${process.version} · ${machine} · ${o.mb} MB import, ${o.connections} connections for ${o.seconds} s`,
    '',
    '| engine | import | list load | /healthz samples | /healthz p50 / p99 / max ms | /readyz p50 / p99 ms |',
    '| --- | --- | --- | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '30' },
      connections: { type: 'string', default: '50' },
      engines: { type: 'string', default: 'pglite,postgres' },
      'postgres-url': { type: 'string' },
    },
  });
  const o = {
    mb: Number(values.mb),
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    postgresUrl: values['postgres-url'] ?? process.env.EOS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
  const engines = (values.engines ?? '').split(',').filter((e): e is EngineKind => e === 'pglite' || e === 'postgres');
  const results: EngineResult[] = [];
  for (const engine of engines) results.push(await runEngine(engine, o));
  process.stdout.write(`${report(results, o)}\n`);
}

await main();

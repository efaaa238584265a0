import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { createAuthPlugin } from '../../src/http/auth/auth-plugin.ts';
import { buildServer } from '../../src/http/build-server.ts';
import type { EngineKind } from '../../src/store/store.ts';
import { deleteWorkspace } from '../../src/store/workspace-dump.ts';
import { type BenchEngine, openPgliteEngine, openPostgresEngine } from '../engines.ts';
import { benchWorkspace, LIST_QUERY, LIST_SQL } from './bench-workspace.ts';

/**
 * `npm run bench:http`: autocannon on loopback against `eos serve`'s server over a bench-pack
 * workspace of --records generated records (bench/generate-data.ts), on PGlite and PostgreSQL,
 * next to two ceilings in the same process: a plain Fastify hello-world route, and the raw
 * ceiling of a list, a plain Fastify route running the list's hand-written SQL on the same
 * engine and pool and answering JSON.stringify of the rows. autocannon runs in its own process,
 * so the server keeps one core. Each case runs for --seconds. Results (Markdown) go to stdout.
 */

const AUTOCANNON = fileURLToPath(new URL('../../node_modules/.bin/autocannon', import.meta.url));

interface CaseResult {
  readonly engine: string;
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

function autocannon(url: string, options: { connections: number; seconds: number; headers: Record<string, string> }): Promise<Omit<CaseResult, 'engine' | 'name'>> {
  const args = ['-c', String(options.connections), '-d', String(options.seconds), '-j', ...Object.entries(options.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  return new Promise((resolve, reject) => {
    const child = spawn(AUTOCANNON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err}`));
      const r = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
    });
  });
}

async function openEngine(kind: EngineKind, postgresUrl: string): Promise<BenchEngine> {
  return kind === 'pglite' ? openPgliteEngine() : openPostgresEngine(postgresUrl);
}

/** The raw ceiling of the list: the same SQL on the same engine, rows straight to JSON.stringify. */
async function rawListServer(engine: BenchEngine, workspaceId: string): Promise<FastifyInstance> {
  const raw = Fastify();
  raw.get('/raw-list', async () => ({ records: await engine.query(LIST_SQL, [workspaceId]) }));
  return raw;
}

/** Not a way to run eos: a decomposition that shows what the token lookup costs. */
const fixedUser: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (request) => {
    request.user = { name: 'bench', role: 'admin' };
  });
};

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

async function runEngine(
  kind: EngineKind,
  o: { postgresUrl: string; seconds: number; connections: number; records: number },
  ceiling: () => Promise<number>,
): Promise<(CaseResult & { ceiling: number })[]> {
  const engine = await openEngine(kind, o.postgresUrl);
  const store = engine.store;
  const workspaceId = `bench-http-${randomBytes(3).toString('hex')}`;
  const servers: FastifyInstance[] = [];
  try {
    process.stderr.write(`[${kind}] creating a workspace of ${o.records} records …\n`);
    const demo = await benchWorkspace(engine, workspaceId, o.records);
    const headers = { authorization: `Bearer ${demo.token}` };
    const results: (CaseResult & { ceiling: number })[] = [];
    const raw = await rawListServer(engine, workspaceId);
    servers.push(raw);
    const rawUrl = `${await listen(raw)}/raw-list`;
    const rawCeiling = async () => {
      await autocannon(rawUrl, { connections: o.connections, seconds: 1, headers: {} });
      process.stderr.write(`[${kind}] raw list (the list's ceiling) …\n`);
      return (await autocannon(rawUrl, { connections: o.connections, seconds: o.seconds, headers: {} })).rps;
    };
    const list = new URLSearchParams({ database: LIST_QUERY.database, where: LIST_QUERY.where, sort: LIST_QUERY.sort, limit: String(LIST_QUERY.limit) });
    const variants = [
      { label: 'cached', cached: true, auth: createAuthPlugin({ store, workspaceId }) },
      { label: 'no cache', cached: false, auth: createAuthPlugin({ store, workspaceId }) },
      // Where the time goes: the same cached reads with the user known up front, i.e. without the token's database lookup.
      { label: 'cached, no token lookup', cached: true, auth: fixedUser },
    ];
    for (const variant of variants) {
      const app = await buildServer({ store, workspaceId, auth: variant.auth, responseCache: variant.cached });
      servers.push(app);
      const base = await listen(app);
      const cases = [
        { name: `GET list (filter, sort on Due, 50 of them), ${variant.label}`, url: `${base}/api/v1/records?${list}`, ceiling: rawCeiling },
        { name: `GET list, fields=Title,Due, ${variant.label}`, url: `${base}/api/v1/records?${list}&fields=Title,Due`, ceiling: rawCeiling },
        { name: `GET record, ${variant.label}`, url: `${base}/api/v1/records/${encodeURIComponent(demo.recordKey)}`, ceiling },
      ];
      for (const c of cases) {
        await autocannon(c.url, { connections: o.connections, seconds: 1, headers }); // warm-up
        // The ceiling is measured again right before each case, so a load that comes and goes on a
        // shared machine moves both numbers of a ratio together.
        const ceilingRps = await c.ceiling();
        process.stderr.write(`[${kind}] ${c.name} …\n`);
        const r = await autocannon(c.url, { connections: o.connections, seconds: o.seconds, headers });
        results.push({ engine: kind, name: c.name, ...r, ceiling: ceilingRps });
      }
      await app.close();
    }
    return results;
  } finally {
    for (const s of servers) await s.close().catch(() => undefined);
    await deleteWorkspace(store.db, workspaceId).catch(() => undefined);
    await engine.close();
  }
}

function table(results: readonly (CaseResult & { ceiling?: number })[]): string {
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const rows = results.map((r) => {
    const ratio = r.ceiling ? `${((r.rps / r.ceiling) * 100).toFixed(0)}%` : '';
    const bad = r.non2xx + r.errors > 0 ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : '';
    return `| ${r.engine} | ${r.name}${bad} | ${count(r.rps)} | ${r.p50} | ${r.p99} | ${r.ceiling ? count(r.ceiling) : ''} | ${ratio} |`;
  });
  return [
    '| engine | case | req/s | p50 ms | p99 ms | ceiling just before (raw list for lists, hello world otherwise), req/s | of ceiling |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '50' },
      records: { type: 'string', default: '20000' },
      engines: { type: 'string', default: 'pglite,postgres' },
      'postgres-url': { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const records = Number(values.records);
  const postgresUrl = values['postgres-url'] ?? process.env.EOS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const engines = (values.engines ?? '').split(',').filter((e): e is EngineKind => e === 'pglite' || e === 'postgres');
  const hello = Fastify();
  hello.get('/hello', async () => ({ hello: 'world' }));
  const helloUrl = `${await listen(hello)}/hello`;
  const ceiling = async () => {
    await autocannon(helloUrl, { connections, seconds: 1, headers: {} });
    process.stderr.write('[fastify] hello world (the ceiling) …\n');
    return (await autocannon(helloUrl, { connections, seconds, headers: {} })).rps;
  };
  const results: (CaseResult & { ceiling?: number })[] = [];
  try {
    for (const kind of engines) {
      results.push(...(await runEngine(kind, { postgresUrl, seconds, connections, records }, ceiling)));
    }
  } finally {
    await hello.close();
  }
  const machine = `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  process.stdout.write(
    `${new Date().toISOString()} · Node ${process.version} · ${machine} · ${records} records · ${connections} connections, ${seconds} s per case\n\n${table(results)}\n`,
  );
}

await main();

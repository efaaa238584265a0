import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { createAuthPlugin } from '../../src/http/auth/auth-plugin.ts';
import { buildServer } from '../../src/http/build-server.ts';
import { deleteWorkspace } from '../../src/store/workspace-dump.ts';
import { type BenchEngine, openPgliteEngine, openPostgresEngine } from '../engines.ts';
import { benchWorkspace, LIST_QUERY, LIST_SQL } from './bench-workspace.ts';

/**
 * `npm run bench:cpu`: what one uncached list request costs the server process, measured
 * without a load generator: Node CPU time (process.cpuUsage) and SQL statements per request, and
 * the body's size, for the raw ceiling (the list's SQL in a plain Fastify route), eos's list, and
 * eos's list with fields=. On a machine shared with other work, CPU time per request moves far
 * less than throughput does, so its ratio is the steadier measure of eos's own overhead.
 * Requests go through Fastify's inject (no sockets, the same for all three).
 */

interface Cost {
  readonly name: string;
  readonly cpuUs: number;
  readonly wallMs: number;
  readonly statements: number;
  readonly bytes: number;
}

async function measure(engine: BenchEngine, name: string, run: () => Promise<{ statusCode: number; body: string }>, n: number): Promise<Cost> {
  for (let i = 0; i < 50; i++) await run();
  const q0 = engine.stats.queries;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const r = await run();
    if (r.statusCode !== 200) throw new Error(`${name}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    bytes = r.body.length;
  }
  const c = process.cpuUsage(c0);
  return { name, cpuUs: (c.user + c.system) / n, wallMs: (performance.now() - t0) / n, statements: (engine.stats.queries - q0) / n, bytes };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '20000' },
      requests: { type: 'string', default: '500' },
      rounds: { type: 'string', default: '3' },
      engines: { type: 'string', default: 'pglite,postgres' },
      'postgres-url': { type: 'string' },
    },
  });
  const postgresUrl = values['postgres-url'] ?? process.env.EOS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const n = Number(values.requests);
  const out: string[] = [];
  for (const kind of (values.engines ?? '').split(',')) {
    const engine = kind === 'pglite' ? await openPgliteEngine() : await openPostgresEngine(postgresUrl);
    const ws = `bench-cpu-${randomBytes(3).toString('hex')}`;
    try {
      process.stderr.write(`[${kind}] creating a workspace of ${values.records} records …\n`);
      const { token } = await benchWorkspace(engine, ws, Number(values.records));
      const app = await buildServer({ store: engine.store, workspaceId: ws, auth: createAuthPlugin({ store: engine.store, workspaceId: ws }), responseCache: false });
      const raw = Fastify();
      raw.get('/raw', async () => ({ records: await engine.query(LIST_SQL, [ws]) }));
      await raw.ready();
      const list = new URLSearchParams({ database: LIST_QUERY.database, where: LIST_QUERY.where, sort: LIST_QUERY.sort, limit: String(LIST_QUERY.limit) });
      const headers = { authorization: `Bearer ${token}` };
      const best = new Map<string, Cost>();
      for (let round = 0; round < Number(values.rounds); round++) {
        process.stderr.write(`[${kind}] round ${round + 1} …\n`);
        for (const cost of [
          await measure(engine, 'raw list (the same SQL, plain Fastify)', () => raw.inject({ url: '/raw' }), n),
          await measure(engine, 'eos GET /records, uncached', () => app.inject({ url: `/api/v1/records?${list}`, headers }), n),
          await measure(engine, 'eos GET /records&fields=Title,Due, uncached', () => app.inject({ url: `/api/v1/records?${list}&fields=Title,Due`, headers }), n),
        ]) {
          const seen = best.get(cost.name);
          // The least CPU of the rounds: the run least disturbed by the rest of the machine.
          if (!seen || cost.cpuUs < seen.cpuUs) best.set(cost.name, cost);
        }
      }
      await app.close();
      await raw.close();
      const rawCost = [...best.values()][0];
      for (const c of best.values())
        out.push(
          `| ${kind} | ${c.name} | ${Math.round(c.cpuUs).toLocaleString('en-US')} | ${rawCost ? (c.cpuUs / rawCost.cpuUs).toFixed(2) : ''}× | ${c.wallMs.toFixed(2)} | ${c.statements.toFixed(2)} | ${c.bytes.toLocaleString('en-US')} |`,
        );
    } finally {
      await deleteWorkspace(engine.store.db, ws).catch(() => undefined);
      await engine.close();
    }
  }
  process.stdout.write(
    `${new Date().toISOString()} · Node ${process.version} · ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} · ${values.records} records · ${LIST_QUERY.limit} rows a page · best of ${values.rounds} rounds of ${n} requests\n\n` +
      [
        '| engine | request | Node CPU µs/request | vs raw | wall ms/request | SQL statements/request | body bytes |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
        ...out,
      ].join('\n') +
      '\n',
  );
}

await main();

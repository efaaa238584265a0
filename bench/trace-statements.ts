import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { initWorkspace } from '../src/app/init-workspace.ts';
import { readPack } from '../src/app/read-pack.ts';
import { gateCheck } from '../src/app/records/gate-check.ts';
import { listRecords } from '../src/app/records/read-records.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import { openSession } from '../src/app/session.ts';
import { deleteWorkspace } from '../src/store/workspace-dump.ts';
import { bulkLoad } from './bulk-load.ts';
import { type BenchEngine, openPgliteEngine, openPostgresEngine } from './engines.ts';
import { generateData } from './generate-data.ts';
import { progress } from './measure.ts';
import { BENCH_PACK } from './options.ts';
import { observePgQueries } from './pg-query-hook.ts';
import { analyzeTables } from './phases.ts';

/**
 * Lists every SQL statement that one eos operation sends, with how long each took, and the
 * plan of the slowest: the evidence behind the "where time goes" part of docs/benchmarks.md.
 *
 *   node bin/run-ts.js bench/trace-statements.ts [pglite|postgres] [records] [--analyze]
 */

interface Traced {
  readonly text: string;
  readonly params: readonly unknown[];
  readonly ms: number;
}

let current: Traced[] | undefined;

type Runner = (text: string, params?: unknown[], options?: unknown) => Promise<unknown>;

/** Times a PGlite query or exec method, recording its text. */
function timedRunner(run: Runner): Runner {
  return async (text, params, options) => {
    const start = performance.now();
    const sink = current;
    try {
      return await run(text, params, options);
    } finally {
      sink?.push({ text, params: Array.isArray(params) ? params : [], ms: performance.now() - start });
    }
  };
}

/**
 * Records every statement drizzle sends to PGlite: top-level query/exec, and those of each
 * transaction object (BEGIN and COMMIT are PGlite's own and not listed).
 */
function tracePglite(client: PGlite): void {
  const target = client as unknown as { query: Runner; exec: Runner; transaction: (cb: (tx: Record<string, unknown>) => Promise<unknown>) => Promise<unknown> };
  target.query = timedRunner(target.query.bind(client));
  target.exec = timedRunner(target.exec.bind(client));
  const transaction = target.transaction.bind(client);
  target.transaction = (cb) =>
    transaction((tx) => {
      const wrapped = Object.create(tx) as Record<string, unknown>;
      wrapped.query = timedRunner((tx.query as Runner).bind(tx));
      wrapped.exec = timedRunner((tx.exec as Runner).bind(tx));
      return cb(wrapped);
    });
}

function tracePg(): void {
  observePgQueries((text, params) => {
    const start = performance.now();
    const sink = current;
    return () => sink?.push({ text, params: [...params], ms: performance.now() - start });
  });
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 150 ? `${flat.slice(0, 147)}…` : flat;
}

async function trace<T>(engine: BenchEngine, name: string, fn: () => Promise<T>): Promise<Traced[]> {
  current = [];
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  const statements = current;
  current = undefined;
  const inSql = statements.reduce((s, t) => s + t.ms, 0);
  process.stdout.write(`\n## ${engine.label}: ${name}: ${statements.length} statements, ${wall.toFixed(1)} ms wall, ${inSql.toFixed(1)} ms in the engine\n\n`);
  for (const t of statements) process.stdout.write(`${t.ms.toFixed(2).padStart(8)} ms  ${short(t.text)}\n`);
  return statements;
}

async function explain(engine: BenchEngine, statements: readonly Traced[], count: number): Promise<void> {
  const slowest = [...statements].filter((s) => /^\s*select/i.test(s.text)).sort((a, b) => b.ms - a.ms);
  for (const s of slowest.slice(0, count)) {
    const plan = await engine.query<Record<string, string>>(`explain (analyze, buffers) ${s.text}`, s.params);
    process.stdout.write(`\nplan of (${s.ms.toFixed(2)} ms) ${short(s.text)}\n${plan.map((r) => `    ${Object.values(r)[0]}`).join('\n')}\n`);
  }
}

const kind = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
const records = Number(process.argv[3] ?? 50_000);
const analyze = process.argv.includes('--analyze') || (kind === 'postgres' && !process.argv.includes('--no-analyze'));
const engine = kind === 'pglite' ? await openPgliteEngine() : await openPostgresEngine(process.env.EOS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
if (kind === 'pglite') tracePglite((engine.store.db as unknown as { $client: PGlite }).$client);
else tracePg();
const workspaceId = `trace-${randomBytes(4).toString('hex')}`;
try {
  const data = generateData({ records, seed: 42 });
  const { pack } = readPack(BENCH_PACK);
  await initWorkspace({ store: engine.store, workspaceId, pack, actor: 'bench' });
  const session = await openSession({ store: engine.store, workspaceId, actor: 'bench' });
  progress(`bulk-loading ${records} records …`);
  await bulkLoad(engine, session, data.databases, new Map(data.databases.map((d) => [d.id, d.rows])));
  if (analyze) await analyzeTables(engine);
  process.stdout.write(`# ${engine.label} ${engine.version}, ${records} records, ${analyze ? 'analyzed' : 'never analyzed'}\n`);
  // Early changes have many tasks linking to them (links point back in time), late ones few.
  const [warm, hot] = data.movableChanges;
  const cold = data.movableChanges[data.movableChanges.length - 1];
  if (!warm || !hot || !cold) throw new Error('no movable changes');
  await moveRecord(session, { ref: warm, to: 'Approved' });
  for (const [label, key] of [
    ['few records link to it', cold],
    ['many records link to it', hot],
  ] as const) {
    const [incoming] = await engine.query<{ n: string | number }>(
      `select count(*) as n from links l join records r on r.workspace_id = l.workspace_id and r.id = l.to_id
        where r.workspace_id = $1 and r.database = 'changes' and r.key = $2`,
      [workspaceId, key],
    );
    const move = await trace(engine, `moveRecord ${key} Under Review → Approved (${label}: ${incoming?.n})`, () => moveRecord(session, { ref: key, to: 'Approved' }));
    await explain(engine, move, 2);
  }
  const list = await trace(engine, 'listRecords defects, date filter, limit 50', () =>
    listRecords(session, { database: 'defects', where: "record.Reported >= timestamp('2026-06-01T00:00:00Z') && record.Severity == 'S1'", limit: 50 }),
  );
  await explain(engine, list, 1);
  const gate = await trace(engine, 'gateCheck tasks', () => gateCheck(session, { database: 'tasks' }));
  await explain(engine, gate, 2);
} finally {
  await deleteWorkspace(engine.store.db, workspaceId);
  await engine.close();
}

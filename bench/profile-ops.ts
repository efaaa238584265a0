import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { join } from 'node:path';
import { importCsv } from '../src/app/import/import-csv.ts';
import { initWorkspace } from '../src/app/init-workspace.ts';
import { readPack } from '../src/app/read-pack.ts';
import { gateCheck } from '../src/app/records/gate-check.ts';
import { listRecords } from '../src/app/records/read-records.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import { openSession } from '../src/app/session.ts';
import { deleteWorkspace } from '../src/store/workspace-dump.ts';
import { type BenchEngine, openPgliteEngine, openPostgresEngine } from './engines.ts';
import { generateData, toCsv } from './generate-data.ts';
import { progress } from './measure.ts';
import { BENCH_PACK } from './options.ts';
import { analyzeTables } from './phases.ts';

/**
 * CPU-profiles each eos operation of the benchmark on its own (the V8 sampling profiler via
 * node:inspector) and prints where its JavaScript time goes: the functions with the most self
 * time, and self time by source area (an eos file, or a package). The time the profiler sees
 * as idle is time spent waiting for PostgreSQL; PGlite's engine runs in this thread, as wasm.
 *
 *   node bin/run-ts.js bench/profile-ops.ts [pglite|postgres] [records] [--save DIR]
 *
 * --save DIR writes each .cpuprofile, to open in Chrome DevTools or speedscope.
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Where a function lives: an eos source file, a package, or what V8 calls it. */
function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const own = /\/(src|bench)\/(.+)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url.startsWith('node:') ? 'node internals' : url.replace(/^file:\/\//, '');
}

function summarise(name: string, profile: CpuProfile, wallMs: number, top: number): string {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (const [i, id] of samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    const fn = `${functionName || '(anonymous)'}  ${area}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms`;
  const lines = [`\n## ${name}: ${wallMs.toFixed(0)} ms wall, ${(total / 1000).toFixed(0)} ms sampled`, '', 'By area (self time):'];
  for (const [area, us] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${area}`);
  lines.push('', 'By function (self time):');
  for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${fn}`);
  return lines.join('\n');
}

const inspector = new InspectorSession();
inspector.connect();
await inspector.post('Profiler.enable');
await inspector.post('Profiler.setSamplingInterval', { interval: 200 });

const saveAt = process.argv.indexOf('--save');
const saveDir = saveAt > 0 ? process.argv[saveAt + 1] : undefined;
if (saveDir) mkdirSync(saveDir, { recursive: true });

async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  progress(`profiling ${name} …`);
  await inspector.post('Profiler.start');
  const start = performance.now();
  const value = await fn();
  const wall = performance.now() - start;
  const { profile } = (await inspector.post('Profiler.stop')) as unknown as { profile: CpuProfile };
  process.stdout.write(`${summarise(name, profile, wall, 15)}\n`);
  if (saveDir) writeFileSync(join(saveDir, `${name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`), JSON.stringify(profile));
  return value;
}

const args = process.argv.slice(2).filter((a, i, all) => a !== '--save' && all[i - 1] !== '--save');
const kind = args[0] === 'postgres' ? 'postgres' : 'pglite';
const records = Number(args[1] ?? 50_000);
const engine: BenchEngine =
  kind === 'pglite' ? await openPgliteEngine() : await openPostgresEngine(process.env.EOS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const workspaceId = `profile-${randomBytes(4).toString('hex')}`;
try {
  const data = generateData({ records, seed: 42 });
  const { pack } = readPack(BENCH_PACK);
  await initWorkspace({ store: engine.store, workspaceId, pack, actor: 'bench' });
  const session = await openSession({ store: engine.store, workspaceId, actor: 'bench' });
  process.stdout.write(`# ${engine.label} ${engine.version}: ${records} records\n`);
  await profiled(`importCsv of ${records} rows`, async () => {
    for (const db of data.databases) await importCsv(session, { database: db.id, file: `${db.id}.csv`, text: toCsv(db.header, db.cells) });
  });
  if (kind === 'postgres') await analyzeTables(engine);
  await profiled('gateCheck of every database', async () => {
    for (const id of session.databases.keys()) await gateCheck(session, { database: id });
  });
  await profiled('listRecords defects, date filter, limit 50, x10', async () => {
    for (let i = 0; i < 10; i++) {
      await listRecords(session, { database: 'defects', where: "record.Reported >= timestamp('2026-06-01T00:00:00Z') && record.Severity == 'S1'", limit: 50 });
    }
  });
  const keys = data.movableChanges.slice(-100);
  await profiled(`moveRecord x${keys.length}`, async () => {
    for (const key of keys) await moveRecord(session, { ref: key, to: 'Approved' });
  });
} finally {
  if (kind === 'postgres') await deleteWorkspace(engine.store.db, workspaceId);
  await engine.close();
  inspector.disconnect();
}

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { importCsv } from '../src/app/import/import-csv.ts';
import { initWorkspace } from '../src/app/init-workspace.ts';
import { readPack } from '../src/app/read-pack.ts';
import { gateCheck } from '../src/app/records/gate-check.ts';
import { listRecords } from '../src/app/records/read-records.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import { openSession, type Session } from '../src/app/session.ts';
import { MIGRATIONS_FOLDER } from '../src/store/migrations-folder.ts';
import { ensureTemplate, openPglite, templatePath } from '../src/store/open-pglite.ts';
import { deleteWorkspace } from '../src/store/workspace-dump.ts';
import { bulkLoad } from './bulk-load.ts';
import type { BenchEngine } from './engines.ts';
import { type GeneratedData, leadingRows, prng, toCsv } from './generate-data.ts';
import { costed, type Distribution, distribution, type OpCost, progress, throttled, timed } from './measure.ts';
import { BENCH_PACK } from './options.ts';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------------------------------------
// Import

export interface ImportResult {
  /** Rows that went through importCsv (the last `importSample` share of each database). */
  readonly sampleRows: number;
  /** Rows bulk-loaded first, so the import runs against a (nearly) full-size workspace. */
  readonly bulkRows: number;
  readonly bulkLinks: number;
  readonly bulkMs: number;
  readonly eos: {
    readonly ms: number;
    readonly rowsPerSec: number;
    readonly queries: number;
    readonly queriesPerRow: number;
    /** Share of the import's wall time spent waiting on the engine. */
    readonly dbShare: number;
    /** CPU time of the eos process during the imports (PGlite's engine included: it runs in-process), and rows per CPU-second. */
    readonly cpuMs: number;
    readonly rowsPerCpuSec: number;
    readonly perDatabase: readonly { readonly id: string; readonly rows: number; readonly ms: number; readonly rowsPerSec: number; readonly queries: number }[];
  };
  readonly copy: { readonly runsMs: readonly number[]; readonly ms: number; readonly rowsPerSec: number; readonly method: string };
  readonly ratio: number;
}

/** Rows of each database that importCsv imports; the rows before them are bulk-loaded. */
export function sampleCounts(data: GeneratedData, fraction: number): Map<string, number> {
  return new Map(data.databases.map((d) => [d.id, d.rows - leadingRows(d.rows, fraction)]));
}

/**
 * Refreshes the planner statistics of the tables eos reads. PostgreSQL's autovacuum does this
 * by itself after an import (this bench does it explicitly, so every run plans alike and a
 * server with autovacuum off is measured as a default one); PGlite has no autovacuum, and eos
 * never runs ANALYZE, so a real embedded workspace keeps the statistics of its empty template.
 */
export async function analyzeTables(engine: BenchEngine): Promise<void> {
  for (const table of ['records', 'links', 'unresolved_refs', 'audit']) await engine.query(`analyze ${table}`);
}

export async function importPhase(engine: BenchEngine, session: Session, data: GeneratedData, fraction: number, runId: string, analyze: boolean): Promise<ImportResult> {
  const tag = `[${engine.kind}]`;
  const sample = sampleCounts(data, fraction);
  const bulkCounts = new Map(data.databases.map((d) => [d.id, d.rows - (sample.get(d.id) ?? 0)]));
  const bulkRows = sum([...bulkCounts.values()]);
  let bulk = { records: 0, links: 0, ms: 0 };
  if (bulkRows > 0) {
    progress(`${tag} bulk-loading ${bulkRows} records (the leading ${Math.round((1 - fraction) * 100)}% of each database) …`);
    bulk = await bulkLoad(engine, session, data.databases, bulkCounts);
    if (analyze) await analyzeTables(engine);
    progress(`${tag} bulk-loaded ${bulk.records} records, ${bulk.links} links in ${(bulk.ms / 1000).toFixed(1)} s`);
  }

  const perDatabase: ImportResult['eos']['perDatabase'][number][] = [];
  const csvs: { id: string; header: readonly string[]; csv: string; rows: number }[] = [];
  let queries = 0;
  let dbMs = 0;
  let cpuMs = 0;
  for (const db of data.databases) {
    const rows = db.cells.slice(bulkCounts.get(db.id) ?? 0);
    const csv = toCsv(db.header, rows);
    csvs.push({ id: db.id, header: db.header, csv, rows: rows.length });
    const onProgress = throttled(10_000, (done, total) => progress(`${tag} importCsv ${db.id}: ${done}/${total} rows`));
    const cpu = process.cpuUsage();
    const cost = await costed(engine.stats, () => importCsv(session, { database: db.id, file: `${db.id}.csv`, text: csv, onProgress }));
    const used = process.cpuUsage(cpu);
    cpuMs += (used.user + used.system) / 1000;
    if (cost.value.created !== rows.length) {
      throw new Error(`importCsv created ${cost.value.created} of ${rows.length} ${db.id} rows: ${JSON.stringify(cost.value.problems.slice(0, 3))}`);
    }
    queries += cost.queries;
    dbMs += cost.dbMs;
    perDatabase.push({ id: db.id, rows: rows.length, ms: cost.ms, rowsPerSec: rows.length / (cost.ms / 1000), queries: cost.queries });
  }
  const sampleRows = sum(perDatabase.map((d) => d.rows));
  const eosMs = sum(perDatabase.map((d) => d.ms));
  progress(`${tag} importCsv: ${sampleRows} rows in ${(eosMs / 1000).toFixed(1)} s (${(sampleRows / (eosMs / 1000)).toFixed(0)} rows/s)`);
  if (analyze) await analyzeTables(engine);

  // Baseline: COPY the very same CSV text into plain tables of text columns (no indexes).
  const tables = csvs.map((c, i) => ({ ...c, table: `bench_copy_${runId}_${i}`, columns: c.header.map((_, j) => `c${j}`) }));
  for (const t of tables) await engine.query(`create table ${t.table} (${t.columns.map((c) => `${c} text`).join(', ')})`);
  const runsMs: number[] = [];
  try {
    for (let run = 0; run < 3; run++) {
      for (const t of tables) await engine.query(`truncate ${t.table}`);
      const { ms } = await timed(async () => {
        for (const t of tables) await engine.copyCsv(t.table, t.columns, t.csv, true);
      });
      runsMs.push(ms);
    }
    const [check] = await engine.query<{ n: string | number }>(`select count(*) as n from ${tables[tables.length - 1]?.table}`);
    if (Number(check?.n) !== tables[tables.length - 1]?.rows) throw new Error('COPY baseline loaded the wrong number of rows');
  } finally {
    for (const t of tables) await engine.query(`drop table if exists ${t.table}`);
  }
  const copyMs = median(runsMs);
  const eosRate = sampleRows / (eosMs / 1000);
  const copyRate = sampleRows / (copyMs / 1000);
  return {
    sampleRows,
    bulkRows: bulk.records,
    bulkLinks: bulk.links,
    bulkMs: bulk.ms,
    eos: { ms: eosMs, rowsPerSec: eosRate, queries, queriesPerRow: queries / sampleRows, dbShare: dbMs / eosMs, cpuMs, rowsPerCpuSec: sampleRows / (cpuMs / 1000), perDatabase },
    copy: {
      runsMs,
      ms: copyMs,
      rowsPerSec: copyRate,
      method: engine.kind === 'pglite' ? "COPY … FROM '/dev/blob' (PGlite blob option)" : 'COPY … FROM STDIN (pg-copy-streams)',
    },
    ratio: eosRate / copyRate,
  };
}

// ---------------------------------------------------------------------------------------------
// The same records written straight into eos's tables

export interface ShapedCopyResult {
  readonly records: number;
  readonly links: number;
  /** bench/bulk-load.ts end to end: eos's parseSet and computeDerived in JS, then COPY into records, links and audit. */
  readonly ms: number;
  readonly rowsPerSec: number;
  /** Of ms, the COPY statements alone. */
  readonly sqlMs: number;
  readonly sqlRowsPerSec: number;
}

/**
 * A second baseline for import: the rows importCsv writes (records with their derived fields,
 * links, chained audit entries) COPYed into eos's own tables with all their indexes, in a
 * scratch workspace that is deleted afterwards. It shows what the data model itself costs.
 */
export async function shapedCopyPhase(engine: BenchEngine, data: GeneratedData, workspaceId: string): Promise<ShapedCopyResult> {
  progress(`[${engine.kind}] COPY of the same records into eos's tables (workspace ${workspaceId}) …`);
  const { pack } = readPack(BENCH_PACK);
  await initWorkspace({ store: engine.store, workspaceId, pack, actor: 'bench' });
  try {
    const session = await openSession({ store: engine.store, workspaceId, actor: 'bench' });
    const result = await bulkLoad(engine, session, data.databases, new Map(data.databases.map((d) => [d.id, d.rows])));
    return {
      records: result.records,
      links: result.links,
      ms: result.ms,
      rowsPerSec: result.records / (result.ms / 1000),
      sqlMs: result.sqlMs,
      sqlRowsPerSec: result.records / (result.sqlMs / 1000),
    };
  } finally {
    await deleteWorkspace(engine.store.db, workspaceId);
  }
}

// ---------------------------------------------------------------------------------------------
// Filtered list

export interface ListCase {
  readonly name: string;
  readonly database: string;
  readonly where: string;
  readonly limit: number | undefined;
  /** A field to sort on (eos builds its expression index on first use); creation order without. */
  readonly sort?: string;
  /** The same filter, hand-written over records.fields. */
  readonly sql: string;
}

const TASKS_WHERE = "record.Assignee == 'dana' && record.Estimate >= 20.0";
const TASKS_SQL = `select * from records where workspace_id = $1 and database = 'tasks'
  and fields->>'Assignee' = 'dana' and (fields->>'Estimate')::numeric >= 20
  order by id`;
// eos leaves date comparisons to CEL (dates compare as timestamps, but are stored as strings).
const DEFECTS_WHERE = "record.Reported >= timestamp('2026-06-01T00:00:00Z') && record.Severity == 'S1'";
const DEFECTS_SQL = `select * from records where workspace_id = $1 and database = 'defects'
  and fields->>'Reported' >= '2026-06-01' and fields->>'Severity' = 'S1'
  order by id`;

// The sort a list view asks for: eos reads the expression index it built for Due; the raw SQL gets the same index.
const CHANGES_WHERE = "record['Risk Level'] == 'High'";
const CHANGES_SQL = `select * from records where workspace_id = $1 and database = 'changes'
  and fields->>'Risk Level' = 'High'
  order by fields->'Due' asc, key asc limit 50`;

export const LIST_CASES: readonly ListCase[] = [
  { name: 'field filter + limit 50', database: 'tasks', where: TASKS_WHERE, limit: 50, sql: `${TASKS_SQL} limit 50` },
  { name: 'field filter, every match', database: 'tasks', where: TASKS_WHERE, limit: undefined, sql: TASKS_SQL },
  { name: 'date filter + limit 50', database: 'defects', where: DEFECTS_WHERE, limit: 50, sql: `${DEFECTS_SQL} limit 50` },
  { name: 'field filter, sort on Due + limit 50', database: 'changes', where: CHANGES_WHERE, sort: 'Due', limit: 50, sql: CHANGES_SQL },
];

export interface ListResult {
  readonly name: string;
  readonly database: string;
  readonly where: string;
  readonly limit: number | null;
  readonly databaseRecords: number;
  readonly matches: number;
  readonly sameResult: boolean;
  readonly eos: Distribution & { readonly queries: number };
  readonly raw: Distribution;
  readonly sql: string;
  readonly ratioP50: number;
  readonly ratioP95: number;
}

export async function listPhase(engine: BenchEngine, session: Session, runs: number): Promise<ListResult[]> {
  const out: ListResult[] = [];
  const ws = session.workspaceId;
  for (const c of LIST_CASES) {
    progress(`[${engine.kind}] list ${c.database} (${c.name}) × ${runs} …`);
    const [size] = await engine.query<{ n: string | number }>('select count(*) as n from records where workspace_id = $1 and database = $2', [ws, c.database]);
    const eosRun = () => listRecords(session, { database: c.database, where: c.where, ...(c.sort ? { sort: c.sort } : {}), ...(c.limit !== undefined ? { limit: c.limit } : {}) });
    const rawRun = () => engine.query<{ key: string }>(c.sql, [ws]);
    const eosKeys = (await eosRun()).map((r) => r.key);
    const rawKeys = (await rawRun()).map((r) => r.key);
    await eosRun();
    await rawRun();
    const eosSamples: number[] = [];
    const rawSamples: number[] = [];
    let queries = 0;
    for (let i = 0; i < runs; i++) {
      const e = await costed(engine.stats, eosRun);
      eosSamples.push(e.ms);
      queries = e.queries;
      rawSamples.push((await timed(rawRun)).ms);
    }
    const eos = distribution(eosSamples);
    const raw = distribution(rawSamples);
    out.push({
      name: c.name,
      database: c.database,
      where: c.where,
      limit: c.limit ?? null,
      databaseRecords: Number(size?.n ?? 0),
      matches: eosKeys.length,
      sameResult: eosKeys.join() === rawKeys.join(),
      eos: { ...eos, queries },
      raw,
      sql: c.sql.replace(/\s+/g, ' '),
      ratioP50: eos.p50Ms / raw.p50Ms,
      ratioP95: eos.p95Ms / raw.p95Ms,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Gate check of every record

export interface GateResult {
  readonly runsMs: readonly number[];
  readonly ms: number;
  readonly checked: number;
  readonly blocked: number;
  readonly queries: number;
  readonly dbShare: number;
  readonly perDatabase: readonly { readonly id: string; readonly records: number; readonly ms: number; readonly blocked: number; readonly queries: number }[];
  /** Reading every record and link of the workspace with two plain SELECTs: the I/O floor of a gate check. */
  readonly rawReadMs: number;
  readonly ratio: number;
}

export async function gatePhase(engine: BenchEngine, session: Session, runs: number): Promise<GateResult> {
  const runsMs: number[] = [];
  let last: { id: string; records: number; ms: number; blocked: number; queries: number; dbMs: number }[] = [];
  for (let run = 0; run < runs; run++) {
    progress(`[${engine.kind}] gate check of every database, run ${run + 1}/${runs} …`);
    const per: typeof last = [];
    for (const id of session.databases.keys()) {
      const cost = await costed(engine.stats, () => gateCheck(session, { database: id }));
      per.push({ id, records: cost.value.checked, ms: cost.ms, blocked: cost.value.blocked, queries: cost.queries, dbMs: cost.dbMs });
    }
    runsMs.push(sum(per.map((p) => p.ms)));
    last = per;
  }
  const rawRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const { ms } = await timed(async () => {
      await engine.query('select * from records where workspace_id = $1', [session.workspaceId]);
      await engine.query('select * from links where workspace_id = $1', [session.workspaceId]);
    });
    rawRuns.push(ms);
  }
  const ms = median(runsMs);
  const rawReadMs = median(rawRuns);
  return {
    runsMs,
    ms,
    checked: sum(last.map((p) => p.records)),
    blocked: sum(last.map((p) => p.blocked)),
    queries: sum(last.map((p) => p.queries)),
    dbShare: sum(last.map((p) => p.dbMs)) / sum(last.map((p) => p.ms)),
    perDatabase: last.map(({ dbMs: _d, ...p }) => p),
    rawReadMs,
    ratio: ms / rawReadMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Gated move

export interface MoveResult {
  readonly database: string;
  readonly from: string;
  readonly to: string;
  readonly gate: string;
  readonly moves: number;
  readonly eos: Distribution & { readonly queriesPerMove: number; readonly dbShare: number };
  readonly raw: Distribution;
  readonly sql: string;
  readonly ratioP50: number;
  readonly ratioP95: number;
}

const MOVE_SQL = `update records set status = $1, version = version + 1, updated_at = $2, updated_by = $3
  where workspace_id = $4 and database = 'changes' and key = $5 returning key`;

export async function movePhase(engine: BenchEngine, session: Session, data: GeneratedData, wanted: number): Promise<MoveResult> {
  const warmup = 5;
  // A seeded shuffle: early changes have many more tasks linking to them (links point back in
  // time), and a move refreshes every record that links to the moved one.
  const pick = prng(data.seed + 1);
  const candidates = [...data.movableChanges];
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(pick() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j] as string, candidates[i] as string];
  }
  const moves = Math.max(1, Math.min(wanted, Math.floor((candidates.length - warmup) / 2)));
  progress(`[${engine.kind}] ${moves} gated moves (changes Under Review → Approved) and ${moves} raw UPDATEs …`);
  const eosKeys = candidates.slice(0, warmup + moves);
  const rawKeys = candidates.slice(warmup + moves, warmup + 2 * moves);
  const costs: OpCost[] = [];
  const rawSamples: number[] = [];
  const move = async (key: string) => {
    const cost = await costed(engine.stats, () => moveRecord(session, { ref: key, to: 'Approved' }));
    if (cost.value.record.status !== 'Approved') throw new Error(`${key} did not move to Approved`);
    return cost;
  };
  for (const key of eosKeys.slice(0, warmup)) await move(key);
  // eos moves and raw UPDATEs take turns, so a burst of load on the machine hits both alike.
  for (const [i, key] of eosKeys.slice(warmup).entries()) {
    costs.push(await move(key));
    const rawKey = rawKeys[i];
    if (!rawKey) continue;
    const { ms, value } = await timed(() => engine.query(MOVE_SQL, ['Approved', new Date().toISOString(), session.actor, session.workspaceId, rawKey]));
    if (value.length !== 1) throw new Error(`raw UPDATE of ${rawKey} changed ${value.length} rows`);
    rawSamples.push(ms);
  }
  const eos = distribution(costs.map((c) => c.ms));
  const raw = distribution(rawSamples);
  return {
    database: 'changes',
    from: 'Under Review',
    to: 'Approved',
    gate: 'review-exit (2 criteria)',
    moves: costs.length,
    eos: { ...eos, queriesPerMove: sum(costs.map((c) => c.queries)) / costs.length, dbShare: sum(costs.map((c) => c.dbMs)) / sum(costs.map((c) => c.ms)) },
    raw,
    sql: MOVE_SQL.replace(/\s+/g, ' '),
    ratioP50: eos.p50Ms / raw.p50Ms,
    ratioP95: eos.p95Ms / raw.p95Ms,
  };
}

// ---------------------------------------------------------------------------------------------
// New embedded workspace

export interface WorkspaceResult {
  /** Whether the template cache existed before this run; if not, what building it cost. */
  readonly templateCached: boolean;
  readonly templateBuildMs: number | null;
  /** openPglite on a new folder: load the cached template, then check migrations. */
  readonly fromTemplate: Distribution;
  /** The same plus initWorkspace with the bench pack: all `eos init` does. */
  readonly fromTemplateWithInit: Distribution;
  /** PGlite.create on an empty folder (initdb). */
  readonly initdb: Distribution;
  /** initdb plus the migrations: what a new workspace would cost without the template. */
  readonly initdbWithMigrations: Distribution;
  readonly ratio: number;
}

export async function workspacePhase(runs: number): Promise<WorkspaceResult> {
  const cachedBefore = existsSync(templatePath());
  let templateBuildMs: number | null = null;
  if (!cachedBefore) {
    progress('[pglite] building the template cache (first run on this machine) …');
    templateBuildMs = (await timed(() => ensureTemplate())).ms;
  }
  const { pack } = readPack(BENCH_PACK);
  const open: number[] = [];
  const openInit: number[] = [];
  for (let i = 0; i < runs; i++) {
    progress(`[pglite] new workspace from the template, run ${i + 1}/${runs} …`);
    const dir = mkdtempSync(join(tmpdir(), 'eos-bench-ws-'));
    try {
      const opened = await timed(() => openPglite(join(dir, 'data')));
      const init = await timed(() => initWorkspace({ store: opened.value, workspaceId: 'bench', pack, actor: 'bench' }));
      await opened.value.close();
      open.push(opened.ms);
      openInit.push(opened.ms + init.ms);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const initdb: number[] = [];
  const initdbMigrate: number[] = [];
  for (let i = 0; i < runs; i++) {
    progress(`[pglite] fresh initdb, run ${i + 1}/${runs} …`);
    const dir = mkdtempSync(join(tmpdir(), 'eos-bench-initdb-'));
    try {
      const created = await timed(() => PGlite.create(join(dir, 'data')));
      const migrated = await timed(() => migrate(drizzle(created.value), { migrationsFolder: MIGRATIONS_FOLDER }));
      await created.value.close();
      initdb.push(created.ms);
      initdbMigrate.push(created.ms + migrated.ms);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const fromTemplate = distribution(open);
  const initdbWithMigrations = distribution(initdbMigrate);
  return {
    templateCached: cachedBefore,
    templateBuildMs,
    fromTemplate,
    fromTemplateWithInit: distribution(openInit),
    initdb: distribution(initdb),
    initdbWithMigrations,
    ratio: fromTemplate.p50Ms / initdbWithMigrations.p50Ms,
  };
}

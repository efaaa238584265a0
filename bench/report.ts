import type { AuditVerifyResult } from './audit-phase.ts';
import type { CliStartupResult } from './cli/cli-startup-phase.ts';
import type { GateResult, ImportResult, ListResult, MoveResult, ShapedCopyResult, WorkspaceResult } from './phases.ts';

export interface EngineResult {
  readonly kind: 'pglite' | 'postgres';
  readonly label: string;
  readonly version: string;
  readonly workspace: string;
  /** Whether the bench ran ANALYZE after loading (see --analyze). */
  readonly analyzed: boolean;
  readonly import: ImportResult;
  readonly list: readonly ListResult[];
  readonly gate: GateResult;
  readonly move: MoveResult;
  readonly shapedCopy: ShapedCopyResult;
  readonly auditVerify: AuditVerifyResult;
}

export interface BenchResults {
  readonly date: string;
  readonly command: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly data: {
    readonly records: number;
    readonly links: number;
    readonly seed: number;
    readonly databases: readonly { readonly id: string; readonly rows: number; readonly links: number }[];
  };
  readonly workspaceCreation: WorkspaceResult | null;
  readonly cliStartup: CliStartupResult | null;
  readonly engines: readonly EngineResult[];
  readonly errors: readonly string[];
  readonly totalSeconds: number;
}

/** A number with thousands separators and `digits` decimals. */
export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A ratio, with enough digits to show a small one. */
function ratio(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n >= 10) return `${fmt(n, 0)}×`;
  if (n >= 0.1) return `${fmt(n, 2)}×`;
  return `${n.toPrecision(2)}×`;
}

function met(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

/** The results table, as Markdown: stdout and docs/benchmarks.md show the same. */
/** NocoDB's HTTP bulk insert on this machine (issue 13's side-by-side, 2026-12-07): the import aim is ten times it. */
const NOCODB_BULK_ROWS_PER_SEC = 1395;

export function renderTable(results: BenchResults): string {
  const lines = ['| Measure | Engine | eos | Raw SQL baseline (same engine, same data) | Ratio | Aim | Result |', '|---|---|---:|---:|---:|---|---|'];
  const row = (cells: readonly string[]) => lines.push(`| ${cells.join(' | ')} |`);
  for (const e of results.engines) {
    const im = e.import;
    row([
      `CSV import, rows/s (importCsv, ${fmt(im.sampleRows)} rows into a ${fmt(im.bulkRows + im.sampleRows)}-record workspace)`,
      e.label,
      fmt(im.eos.rowsPerSec),
      `${fmt(im.copy.rowsPerSec)} (COPY)`,
      `eos/COPY ${ratio(im.ratio)}`,
      '≥ 0.5×',
      met(im.ratio >= 0.5),
    ]);
    row([
      `… the same, against NocoDB 0.301.3's HTTP bulk insert (1000-row batches, measured on this machine 2026-12-07, issue 13)`,
      e.label,
      `${fmt(im.eos.rowsPerSec)} (${fmt(im.eos.rowsPerCpuSec)} per CPU-second of the eos process)`,
      `${fmt(NOCODB_BULK_ROWS_PER_SEC)} (NocoDB)`,
      `${ratio(im.eos.rowsPerSec / NOCODB_BULK_ROWS_PER_SEC)}`,
      '≥ 10×',
      met(im.eos.rowsPerSec >= 10 * NOCODB_BULK_ROWS_PER_SEC),
    ]);
    row([
      `… the same, against COPY of eos's rows (records, links, audit) into eos's indexed tables`,
      e.label,
      fmt(im.eos.rowsPerSec),
      `${fmt(e.shapedCopy.sqlRowsPerSec)} (COPY alone; ${fmt(e.shapedCopy.rowsPerSec)} with eos's parse and derive in JS)`,
      `${ratio(im.eos.rowsPerSec / e.shapedCopy.sqlRowsPerSec)} / ${ratio(im.eos.rowsPerSec / e.shapedCopy.rowsPerSec)}`,
      '(reference)',
      '',
    ]);
  }
  for (const e of results.engines) {
    for (const l of e.list) {
      row([
        `listRecords ${l.database} (${fmt(l.databaseRecords)} records), ${l.name} (${fmt(l.matches)} rows), p50 / p95 ms`,
        e.label,
        `${fmt(l.eos.p50Ms, 1)} / ${fmt(l.eos.p95Ms, 1)}`,
        `${fmt(l.raw.p50Ms, 1)} / ${fmt(l.raw.p95Ms, 1)}`,
        `${ratio(l.ratioP50)} / ${ratio(l.ratioP95)}`,
        '≤ 1.5× (p50)',
        met(l.ratioP50 <= 1.5),
      ]);
    }
  }
  for (const e of results.engines) {
    const g = e.gate;
    row([
      `gateCheck of all ${fmt(g.checked)} records (each database), s`,
      e.label,
      fmt(g.ms / 1000, 2),
      `${fmt(g.rawReadMs / 1000, 2)} (SELECT every record and link)`,
      ratio(g.ratio),
      '< 3 s on PostgreSQL',
      e.kind === 'postgres' ? met(g.ms < 3000) : `(${g.ms < 3000 ? 'under' : 'over'} 3 s; aim is for PostgreSQL)`,
    ]);
  }
  for (const e of results.engines) {
    const m = e.move;
    row([
      `moveRecord ${m.database} ${m.from} → ${m.to} (gate ${m.gate}), p50 / p95 ms`,
      e.label,
      `${fmt(m.eos.p50Ms, 1)} / ${fmt(m.eos.p95Ms, 1)}`,
      `${fmt(m.raw.p50Ms, 2)} / ${fmt(m.raw.p95Ms, 2)} (UPDATE status)`,
      `${ratio(m.ratioP50)} / ${ratio(m.ratioP95)}`,
      'p95 < 10 ms',
      met(m.eos.p95Ms < 10),
    ]);
  }
  const w = results.workspaceCreation;
  if (w) {
    row([
      'New embedded workspace: openPglite on a new folder (template), p50 s',
      'PGlite',
      fmt(w.fromTemplate.p50Ms / 1000, 2),
      `${fmt(w.initdbWithMigrations.p50Ms / 1000, 2)} (initdb + migrations)`,
      ratio(w.ratio),
      '< 2 s',
      met(w.fromTemplate.p50Ms < 2000),
    ]);
    row([
      'New embedded workspace incl. initWorkspace (all of `eos init`), p50 s',
      'PGlite',
      fmt(w.fromTemplateWithInit.p50Ms / 1000, 2),
      `${fmt(w.initdb.p50Ms / 1000, 2)} (initdb alone)`,
      ratio(w.fromTemplateWithInit.p50Ms / w.initdb.p50Ms),
      '< 2 s',
      met(w.fromTemplateWithInit.p50Ms < 2000),
    ]);
  }
  return lines.join('\n');
}

/** Where each operation's time goes: statements sent and the share spent waiting on the engine. */
export function renderCosts(results: BenchResults): string {
  const lines = [
    '| Engine | importCsv: statements per 1,000 rows | importCsv: engine share | list (limit 50): statements | gateCheck: statements (all databases) | gateCheck: engine share | move: statements | move: engine share |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const e of results.engines) {
    lines.push(
      `| ${e.label} | ${fmt(e.import.eos.queriesPerRow * 1000, 1)} | ${fmt(e.import.eos.dbShare * 100)}% | ${fmt(e.list[0]?.eos.queries ?? Number.NaN)} | ${fmt(e.gate.queries)} | ${fmt(
        e.gate.dbShare * 100,
      )}% | ${fmt(e.move.eos.queriesPerMove, 1)} | ${fmt(e.move.eos.dbShare * 100)}% |`,
    );
  }
  return lines.join('\n');
}

export function renderNotes(results: BenchResults): string {
  const notes: string[] = [];
  const d = results.data;
  if (d.records !== 50_000) notes.push(`The aims are stated for 50,000 records; this run has ${fmt(d.records)}, so read its verdicts as indicative only.`);
  notes.push(
    `Data: ${fmt(d.records)} records in ${d.databases.length} databases, ${fmt(d.links)} links, seed ${d.seed} (${d.databases.map((x) => `${x.id} ${fmt(x.rows)}`).join(', ')}).`,
  );
  for (const e of results.engines) {
    const im = e.import;
    const sampled = im.bulkRows > 0;
    notes.push(
      `${e.label} ${e.version}: import ${
        sampled
          ? `measured on a sample: the trailing ${fmt((im.sampleRows / (im.sampleRows + im.bulkRows)) * 100)}% of each database's CSV rows (${fmt(im.sampleRows)} in all) went through importCsv after the leading ${fmt(im.bulkRows)} were bulk-loaded (bench/bulk-load.ts, ${fmt(im.bulkMs / 1000, 1)} s)`
          : 'of every row through importCsv'
      }; baseline ${im.copy.method} of the same ${fmt(im.sampleRows)} CSV rows into plain text tables, median of 3.`,
    );
    const slow = [...im.eos.perDatabase].sort((a, b) => a.rowsPerSec - b.rowsPerSec)[0];
    const fast = [...im.eos.perDatabase].sort((a, b) => b.rowsPerSec - a.rowsPerSec)[0];
    if (slow && fast) {
      notes.push(
        `${e.label}: importCsv ran from ${fmt(slow.rowsPerSec)} rows/s (${slow.id}, ${fmt(slow.rows)} rows, ${fmt(slow.queries)} statements) to ${fmt(fast.rowsPerSec)} rows/s (${fast.id}, ${fmt(fast.rows)} rows, ${fmt(fast.queries)} statements).`,
      );
    }
    for (const l of e.list) if (!l.sameResult) notes.push(`${e.label}: list '${l.name}' returned different rows from eos and from SQL — check the baseline.`);
    const a = e.auditVerify;
    notes.push(
      `${e.label}: audit verify (chain, every signature, witness, replay of every record and link) of the ${fmt(a.written.entries)} entries the run wrote took ${fmt(a.written.ms / 1000, 1)} s; topped up to ${fmt(a.full.entries)} signed entries, ${fmt(a.full.ms / 1000, 1)} s (${fmt(a.full.entriesPerSec)} entries/s; ${fmt(a.full.cpuMs / 1000, 1)} s of CPU in the eos process; load average ${fmt(a.load, 1)}).`,
    );
    notes.push(
      `${e.label}: gate check runs ${e.gate.runsMs.map((ms) => fmt(ms / 1000, 2)).join(', ')} s (median shown); ${fmt(e.gate.blocked)} of ${fmt(e.gate.checked)} records blocked on some next status.`,
    );
  }
  const w = results.workspaceCreation;
  if (w && !w.templateCached && w.templateBuildMs !== null) notes.push(`The template cache did not exist; building it took ${fmt(w.templateBuildMs / 1000, 1)} s once.`);
  for (const err of results.errors) notes.push(`ERROR: ${err}`);
  return notes.map((n) => `- ${n}`).join('\n');
}

import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { invalidInput } from '../../core/errors.ts';
import { detectFormat } from '../../core/import/detect-format.ts';
import type { ImportFormat, ImportFormatId } from '../../core/import/import-format.ts';
import { makeFormat } from '../../core/import/make-format.ts';
import { type SourceRow, type SourceTable, sourceTable } from '../../core/import/source-table.ts';
import { checkTimeZone } from '../../core/import/zoned-time.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { sourceRefOfId } from '../../core/records/source-ref.ts';
import { type ParsedSet, parseSet } from '../records/parse-set.ts';
import { type CsvTable, parseCsv, parseCsvInSlices } from './csv-table.ts';
import { type ColumnOptions, type ColumnPlan, columnOf, findColumn, planColumns, rowPairs } from './import-columns.ts';

/** One bad cell (or row): where it is, what it holds, and why it can't be imported. */
export interface ImportProblem {
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

export interface ReadRowsInput extends ColumnOptions {
  readonly text: string;
  /** `auto` (the default) detects the source from the file name and header. */
  readonly format?: ImportFormatId | 'auto';
  /** The IANA zone the export's dates were written in (default UTC). */
  readonly timeZone?: string;
  /** Files beside the CSV (paths relative to its folder): Notion's row pages and `_all` siblings. */
  readonly files?: readonly string[];
}

/** A data row, parsed for the database, with how it finds its record again. */
export interface PreparedRow {
  readonly row: number;
  readonly source: SourceRow;
  readonly parsed: ParsedSet;
  readonly key: string | undefined;
  readonly sourceRef: string;
  readonly title: string | undefined;
  readonly problems: ImportProblem[];
}

export interface ImportRows {
  readonly table: CsvTable;
  readonly source: SourceTable;
  readonly format: ImportFormatId;
  readonly formatReason: string;
  readonly plan: ColumnPlan;
  readonly rows: readonly PreparedRow[];
  /** Rows the format leaves out (Linear's archived issues). */
  readonly excluded: number;
  readonly warnings: readonly string[];
}

function chooseFormat(input: ReadRowsInput, table: CsvTable): { format: ImportFormat; reason: string } {
  const wanted = input.format ?? 'auto';
  const detected = wanted === 'auto' ? detectFormat({ file: input.file, header: table.header, rows: table.rows.map((r) => r.cells) }) : undefined;
  const timeZone = checkTimeZone(input.timeZone ?? 'UTC');
  const format = makeFormat(detected?.format ?? (wanted as ImportFormatId), {
    timeZone,
    cells: () => table.rows.flatMap((r) => r.cells),
    ...(input.files ? { files: input.files } : {}),
  });
  return { format, reason: detected?.reason ?? 'as --format asked' };
}

function viewWarning(input: ReadRowsInput, format: ImportFormat): string[] {
  const name = input.file.split(/[\\/]/).pop() ?? input.file;
  if (format.id !== 'notion' || !name.endsWith('.csv') || name.endsWith('_all.csv')) return [];
  const all = name.replace(/\.csv$/, '_all.csv');
  return input.files?.includes(all) ? [`${name} is a Notion view: it holds only the view's rows and columns; ${all} beside it holds them all, so import that one instead`] : [];
}

function rowHash(cells: readonly string[]): string {
  return `row:${createHash('sha256')
    .update(JSON.stringify(cells.map((c) => c.trim())))
    .digest('hex')
    .slice(0, 32)}`;
}

/** A CSV read up to its rows: the rows to prepare, how to prepare one, and the result once all are. */
interface Reading {
  readonly kept: readonly SourceRow[];
  prepare(row: SourceRow, index: number): PreparedRow;
  finish(rows: readonly PreparedRow[]): ImportRows;
}

function startReading(def: DatabaseDef, input: ReadRowsInput, table: CsvTable = parseCsv(input.text, input.file)): Reading {
  const { format, reason } = chooseFormat(input, table);
  const source = sourceTable(table.header, table.rows, format);
  const plan = planColumns(def, source, input, format);
  if (!plan.targets.some((t) => t !== null) && plan.splits.size === 0)
    throw invalidInput(`${input.file}: no column matches a field of ${def.name} (fields: ${def.fields.map((f) => f.name).join(', ')})`);
  const first = (row: SourceRow, i: number) => (row.values[i] ?? []).find((v) => v.trim() !== '')?.trim() ?? '';
  const why = (r: SourceRow) => format.excluded?.((name) => first(r, findColumn(source.columns, name)));
  const excludedRows = source.rows.filter((r) => why(r) !== undefined);
  const excludedSet = new Set(excludedRows);
  const kept = source.rows.filter((r) => !excludedSet.has(r));
  const titleField = def.fields.find((f) => f.type === 'title')?.name ?? '';
  const titleColumn = plan.targets.indexOf(titleField);
  const ids = plan.idColumn < 0 && titleColumn >= 0 ? format.rowIds?.(kept.map((r) => first(r, titleColumn))) : undefined;
  const warnings: string[] = [...(format.warnings ?? []), ...viewWarning(input, format)];
  for (const reason of new Set(excludedRows.map(why))) {
    const left = excludedRows.filter((r) => why(r) === reason);
    const which = left.map((r) => (plan.idColumn >= 0 ? `${r.row} (${first(r, plan.idColumn)})` : String(r.row))).join(', ');
    warnings.push(`${left.length} row${left.length === 1 ? '' : 's'} left out, ${reason}: row${left.length === 1 ? '' : 's'} ${which}`);
  }
  const prepare = (r: SourceRow, n: number): PreparedRow => {
    const read = rowPairs(def, plan, source, format, r, warnings);
    const parsed = parseSet(def, read.pairs, { commaLists: true });
    for (const warning of parsed.warnings ?? []) warnings.push(`row ${r.row}: ${warning}`);
    const key = plan.keyColumn >= 0 ? first(r, plan.keyColumn) || undefined : undefined;
    const id = plan.idColumn >= 0 ? first(r, plan.idColumn) : ids?.[n];
    const sourceRef = id ? sourceRefOfId(id) : key ? `key:${key}` : rowHash(r.raw);
    const title = typeof parsed.values[titleField] === 'string' ? (parsed.values[titleField] as string).trim() : undefined;
    const problems: ImportProblem[] = [
      ...read.problems.map((p) => ({ row: r.row, ...p })),
      ...parsed.problems.map((p) => ({ row: r.row, column: columnOf(plan, source, p.field), value: p.value, reason: p.reason })),
    ];
    return { row: r.row, source: r, parsed, key, sourceRef, title, problems };
  };
  const finish = (rows: readonly PreparedRow[]): ImportRows => ({
    table,
    source,
    format: format.id,
    formatReason: reason,
    plan,
    rows,
    excluded: excludedRows.length,
    // Read after every row is prepared: preparing adds the rows' own warnings.
    warnings: [...table.warnings, ...plan.warnings, ...warnings],
  });
  return { kept, prepare, finish };
}

/**
 * Reads a CSV for a database: detects (or takes) its format, reads each column's cells by the
 * format's rules for the field it fills, leaves out the rows the format excludes, and works out
 * how each row finds its record on re-import (its key, its source ID, or its content).
 */
export function readImportRows(def: DatabaseDef, input: ReadRowsInput): ImportRows {
  const reading = startReading(def, input);
  return reading.finish(reading.kept.map((r, n) => reading.prepare(r, n)));
}

/** How long row preparation runs before it lets other requests in. */
export const PREPARE_SLICE_MILLIS = 8;

/**
 * readImportRows for a server: the rows (~200 µs each) are prepared in slices of a few
 * milliseconds that yield to the event loop, so a large import doesn't hold every other request
 * (issue 11, point 4: a 5 MiB import held /healthz 9 s).
 */
export async function readImportRowsInSlices(def: DatabaseDef, input: ReadRowsInput, sliceMillis = PREPARE_SLICE_MILLIS): Promise<ImportRows> {
  const reading = startReading(def, input, await parseCsvInSlices(input.text, input.file));
  const rows: PreparedRow[] = [];
  let sliceStart = performance.now();
  for (const [n, r] of reading.kept.entries()) {
    rows.push(reading.prepare(r, n));
    if (performance.now() - sliceStart >= sliceMillis) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  return reading.finish(rows);
}

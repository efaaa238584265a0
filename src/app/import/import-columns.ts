import { invalidInput } from '../../core/errors.ts';
import { parseFieldValue } from '../../core/fields/parse-field-value.ts';
import { convertCell } from '../../core/import/convert-cell.ts';
import { columnKey, type ImportFormat } from '../../core/import/import-format.ts';
import type { SourceColumn, SourceRow, SourceTable } from '../../core/import/source-table.ts';
import type { DatabaseDef, FieldType, SplitColumn } from '../../core/pack/pack-schema.ts';
import { findField, type SetValue } from '../records/parse-set.ts';

/** `--value 'Column:from=to'`: a source value read as another (a Linear status as an eos one). */
export interface ValueMapping {
  readonly column: string;
  readonly from: string;
  readonly to: string;
}

export interface ColumnOptions {
  readonly file: string;
  /** Column → field overrides; an empty field leaves the column out. */
  readonly map?: Readonly<Record<string, string>>;
  readonly idColumn?: string;
  readonly values?: readonly ValueMapping[];
}

export interface ColumnPlan {
  /** For each source column: the field (or the status field) it fills, or null when ignored. */
  readonly targets: readonly (string | null)[];
  /** For each source column: the type of the field it fills (`status` for the status field). */
  readonly types: readonly (FieldType | 'status' | null)[];
  /** Columns that hold several fields (the database's `columns`), by column index. */
  readonly splits: ReadonlyMap<number, SplitColumn>;
  readonly keyColumn: number;
  readonly idColumn: number;
  /** Source values read as others, by column index and lower-cased source value. */
  readonly valueMaps: ReadonlyMap<number, ReadonlyMap<string, string>>;
  /** The columns that fill nothing, as the file names them. */
  readonly unmapped: readonly string[];
  readonly warnings: readonly string[];
}

const ID_COLUMNS = ['key', 'id', 'issue key', 'identifier', 'issue id'];
const LIST_TYPES = ['multi_select', 'people', 'relation', 'files'];

/** The column the name stands for: by its name in the file, else by the name it is read as. */
export function findColumn(columns: readonly SourceColumn[], name: string): number {
  const key = columnKey(name);
  const byName = columns.findIndex((c) => columnKey(c.name) === key);
  return byName >= 0 ? byName : columns.findIndex((c) => c.names.some((n) => columnKey(n) === key));
}

function mapTargets(def: DatabaseDef, source: SourceTable, options: ColumnOptions): Map<number, string> {
  const problems: string[] = [];
  const mapped = new Map<number, string>();
  for (const [column, field] of Object.entries(options.map ?? {})) {
    const i = findColumn(source.columns, column);
    if (i < 0) problems.push(`--map names a column '${column}' that ${options.file} does not have`);
    else mapped.set(i, field.trim());
    if (field.trim() !== '' && !findField(def, field) && field.toLowerCase() !== def.status.field.toLowerCase())
      problems.push(`--map names a field '${field}' that ${def.name} does not have`);
  }
  for (const v of options.values ?? []) {
    if (findColumn(source.columns, v.column) < 0) problems.push(`--value names a column '${v.column}' that ${options.file} does not have`);
  }
  if (problems.length > 0) throw invalidInput(problems.join('; '), { problems });
  return mapped;
}

function idColumnOf(source: SourceTable, options: ColumnOptions, format: ImportFormat, free: (i: number) => boolean): number {
  if (options.idColumn) {
    const i = findColumn(source.columns, options.idColumn);
    if (i < 0) throw invalidInput(`--id-column '${options.idColumn}' is not a column of ${options.file}`);
    return i;
  }
  if (format.idColumn) {
    const i = findColumn(source.columns, format.idColumn);
    if (i >= 0) return i;
  }
  return source.columns.findIndex((c, i) => free(i) && ID_COLUMNS.includes(columnKey(c.name)));
}

/**
 * Which field each column fills: `--map` first, then the database's split columns, then a field
 * or the status named like the column (case-insensitively, by its name in the file or the name
 * the format reads it as), and, where no column names the title field, the source's title
 * column (Notion's first, Jira's Summary).
 */
export function planColumns(def: DatabaseDef, source: SourceTable, options: ColumnOptions, format: ImportFormat): ColumnPlan {
  const warnings: string[] = [];
  const mapped = mapTargets(def, source, options);
  const used = new Set<string>();
  const splits = new Map<number, SplitColumn>();
  const notified = new Set<number>();
  const targets: (string | null)[] = source.columns.map((column, i) => {
    const wanted = mapped.get(i);
    if (wanted === '') return null;
    const split = wanted === undefined ? def.columns?.find((c) => column.names.some((n) => columnKey(n) === columnKey(c.column))) : undefined;
    if (split) {
      splits.set(i, split);
      return null;
    }
    const names = wanted === undefined ? column.names : [wanted];
    const field = names.map((n) => findField(def, n)).find((f) => f !== undefined);
    const target = field ? field.name : names.some((n) => columnKey(n) === columnKey(def.status.field)) ? def.status.field : null;
    if (target && field && (field.type === 'formula' || field.type === 'rollup')) {
      warnings.push(`column '${column.name}' is the computed ${field.type} ${field.name}; eos computes it, so the column is ignored`);
      notified.add(i);
      return null;
    }
    if (target && used.has(target) && !(field && LIST_TYPES.includes(field.type))) {
      warnings.push(`column '${column.name}' repeats ${target}; only its first column is used`);
      notified.add(i);
      return null;
    }
    if (target) used.add(target);
    return target;
  });
  const titleField = def.fields.find((f) => f.type === 'title')?.name;
  const titleColumn = findColumn(source.columns, format.titleColumn(source.columns.map((c) => c.name)) ?? '\u0000');
  if (titleField && !used.has(titleField) && titleColumn >= 0 && targets[titleColumn] === null && !mapped.has(titleColumn) && !splits.has(titleColumn)) {
    targets[titleColumn] = titleField;
  }
  const free = (i: number) => targets[i] === null && !splits.has(i) && !mapped.has(i);
  const idColumn = idColumnOf(source, options, format, free);
  const keyColumn = source.columns.findIndex((c, i) => free(i) && columnKey(c.name) === 'key');
  const unmapped = source.columns.filter((_c, i) => free(i) && i !== idColumn && i !== keyColumn && !notified.has(i)).map((c) => c.name);
  if (unmapped.length === 1) warnings.push(`column '${unmapped[0]}' matches no field of ${def.name} and is ignored (map it with --map '${unmapped[0]}=Field')`);
  if (unmapped.length > 1)
    warnings.push(`${unmapped.length} columns match no field of ${def.name} and are ignored: ${unmapped.map((c) => `'${c}'`).join(', ')} (map one with --map 'Column=Field')`);
  const valueMaps = new Map<number, Map<string, string>>();
  for (const v of options.values ?? []) {
    const i = findColumn(source.columns, v.column);
    valueMaps.set(i, new Map([...(valueMaps.get(i) ?? []), [v.from.trim().toLowerCase(), v.to]]));
  }
  const types = targets.map((t) => (t === null ? null : t === def.status.field ? 'status' : (findField(def, t)?.type ?? 'text')));
  return { targets, types, splits, keyColumn, idColumn, valueMaps, unmapped, warnings };
}

/**
 * The fields one cell of a split column fills. Parts that start with a field's name fill that
 * field; otherwise as many parts as fields fill them in order;
 * fewer parts each go to the first field left whose type reads them, typed fields (dates,
 * numbers, options) before free text: `2025-02-05` in `Inspector / Date` is the Date.
 */
function splitCell(def: DatabaseDef, split: SplitColumn, value: string): { pairs: [string, string][]; partial: boolean } {
  const parts = value
    .split(split.separator ?? '/')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { pairs: [], partial: false };
  // Parts that name their field (`Announce 2026-04-01; LTB 2026-06-01`) go to it, in any order.
  const labelled = parts.map((part) => {
    for (const [i, field] of split.into.entries()) {
      // `\S` right after the separator leaves one way to split the blanks: linear in the part.
      const name = split.labels?.[i] ?? field;
      const match = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\s*|\\s+)(\\S.*)$`, 'i').exec(part);
      if (match?.[1]) return [field, match[1].trim()] as [string, string];
    }
    return undefined;
  });
  if (labelled.every((l) => l !== undefined)) return { pairs: labelled as [string, string][], partial: parts.length < split.into.length };
  if (parts.length >= split.into.length) {
    const last = split.into.length - 1;
    return { pairs: split.into.map((field, i) => [field, i < last ? (parts[i] ?? '') : parts.slice(last).join(split.separator ?? '/')]), partial: false };
  }
  const free = new Set(['text', 'title', 'person', 'people', 'files', 'relation']);
  const left = split.into.map((name) => findField(def, name)).filter((f): f is NonNullable<typeof f> => f !== undefined);
  left.sort((a, b) => Number(free.has(a.type)) - Number(free.has(b.type)));
  const pairs: [string, string][] = [];
  for (const part of parts) {
    const field = left.find((f) => parseFieldValue(f, part).ok);
    if (!field) continue;
    left.splice(left.indexOf(field), 1);
    pairs.push([field.name, part]);
  }
  return { pairs, partial: true };
}

/** A cell the format could not read, as the import reports it. */
export interface CellProblem {
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

export interface RowPairs {
  readonly pairs: [string, SetValue][];
  readonly problems: CellProblem[];
}

/** One row's `Field=value` pairs, each column's cells read by the format for its field's type. */
export function rowPairs(def: DatabaseDef, plan: ColumnPlan, source: SourceTable, format: ImportFormat, row: SourceRow, warnings: string[]): RowPairs {
  const grouped = new Map<string, SetValue>();
  const problems: CellProblem[] = [];
  const add = (target: string, value: SetValue) => {
    const before = grouped.get(target);
    if (Array.isArray(before) && Array.isArray(value)) grouped.set(target, [...before, ...value]);
    else if (typeof before === 'string' && typeof value === 'string') grouped.set(target, [before, value].filter((v) => v.trim() !== '').join(';'));
    else grouped.set(target, value);
  };
  source.columns.forEach((column, i) => {
    const values = row.values[i] ?? [];
    const split = plan.splits.get(i);
    if (split) {
      const cell = values.find((v) => v.trim() !== '') ?? '';
      const { pairs, partial } = splitCell(def, split, plan.valueMaps.get(i)?.get(cell.trim().toLowerCase()) ?? cell);
      for (const [field, value] of pairs) add(field, value);
      if (partial) {
        const read = pairs.map(([f, v]) => `${f}=${JSON.stringify(v)}`).join(', ') || 'nothing';
        warnings.push(`row ${row.row}: column '${split.column}' ${JSON.stringify(cell)} names fewer parts than ${split.into.join(', ')}; read as ${read}`);
      }
      return;
    }
    const target = plan.targets[i];
    const type = plan.types[i];
    if (!target || !type) return;
    const valueMap = plan.valueMaps.get(i);
    const converted = convertCell({ format, column: column.name, values, type, ...(valueMap ? { valueMap } : {}) });
    if (!converted.ok) problems.push({ column: column.name, value: converted.value, reason: converted.reason });
    else {
      if (converted.warning) warnings.push(`row ${row.row}: ${converted.warning}`);
      add(target, converted.value);
    }
  });
  return { pairs: [...grouped], problems };
}

/** The column a field's value came from, as the file names it. */
export function columnOf(plan: ColumnPlan, source: SourceTable, field: string): string {
  const split = [...plan.splits.values()].find((c) => c.into.includes(field));
  if (split) return split.column;
  const i = plan.targets.indexOf(field);
  return i >= 0 ? (source.columns[i]?.name ?? field) : field;
}

/** A column's cells in a row, as one text (copies joined by `; `). */
export function cellOf(source: SourceTable, row: SourceRow, column: string): string {
  if (!column) return '';
  const i = source.columns.findIndex((c) => c.name === column);
  return (row.values[i] ?? []).filter((v) => v.trim() !== '').join('; ');
}

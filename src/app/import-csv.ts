import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { EosError, invalidInput, toEosError } from '../core/errors.ts';
import { parseFieldValue } from '../core/fields/parse-field-value.ts';
import type { UnmetCriterion } from '../core/gates/evaluate-gates.ts';
import type { DatabaseDef, SplitColumn } from '../core/pack/pack-schema.ts';
import { refCandidates } from '../core/pack/relation-targets.ts';
import type { StoredRecord } from '../core/records/eos-record.ts';
import { recordBySourceRef, recordsByRef, recordsBySourceRefs } from '../store/record-rows.ts';
import type { Db } from '../store/store.ts';
import { createRecordIn } from './create-record.ts';
import { type CsvTable, parseCsv } from './csv-table.ts';
import { bulkCreate } from './import-bulk.ts';
import { findField, type ParsedSet, parseSet } from './parse-set.ts';
import { databaseOf, type Session } from './session.ts';
import { moveRecordIn, updateRecordIn } from './update-record.ts';
import { inWriteTransaction, type WriteContext } from './write-context.ts';

/** One bad cell (or row): where it is, what it holds, and why it can't be imported. */
export interface ImportProblem {
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

export interface ImportReport {
  readonly database: string;
  readonly file: string;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly dryRun: boolean;
  readonly problems: readonly ImportProblem[];
  readonly warnings: readonly string[];
  /** With skipInvalid: the rejected rows as CSV, with an `eos_error` column. */
  readonly errorsCsv?: string;
}

export interface ImportInput {
  readonly database: string;
  readonly file: string;
  readonly text: string;
  /** Column → field overrides (`--map 'Column=Field'`). */
  readonly map?: Readonly<Record<string, string>>;
  readonly dryRun?: boolean;
  readonly skipInvalid?: boolean;
  /** The column holding the source's own ID, used to match records on re-import. */
  readonly idColumn?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

const ID_COLUMNS = ['key', 'id', 'issue key', 'identifier', 'issue id'];

interface ColumnPlan {
  /** For each column index: the field (or the status field) it fills, or null when ignored. */
  readonly targets: readonly (string | null)[];
  /** Columns that hold several fields (the database's `columns`), by column index. */
  readonly splits: ReadonlyMap<number, SplitColumn>;
  readonly keyColumn: number;
  readonly idColumn: number;
  readonly warnings: string[];
}

function planColumns(def: DatabaseDef, table: CsvTable, input: ImportInput): ColumnPlan {
  const warnings: string[] = [];
  const map = new Map(Object.entries(input.map ?? {}).map(([c, f]) => [c.trim().toLowerCase(), f]));
  const problems: string[] = [];
  for (const [column, field] of Object.entries(input.map ?? {})) {
    if (!table.header.some((h) => h.trim().toLowerCase() === column.trim().toLowerCase())) problems.push(`--map names a column '${column}' that ${input.file} does not have`);
    if (!findField(def, field) && field.toLowerCase() !== def.status.field.toLowerCase()) problems.push(`--map names a field '${field}' that ${def.name} does not have`);
  }
  if (problems.length > 0) throw invalidInput(problems.join('; '), { problems });
  const used = new Set<string>();
  const splits = new Map<number, SplitColumn>();
  const targets = table.header.map((raw, i) => {
    const name = raw.trim();
    const split = map.has(name.toLowerCase()) ? undefined : def.columns?.find((c) => c.column.toLowerCase() === name.toLowerCase());
    if (split) {
      splits.set(i, split);
      return null;
    }
    const wanted = map.get(name.toLowerCase()) ?? name;
    const field = findField(def, wanted);
    const target = field ? field.name : wanted.toLowerCase() === def.status.field.toLowerCase() ? def.status.field : null;
    if (target && field && (field.type === 'formula' || field.type === 'rollup')) {
      warnings.push(`column '${name}' is the computed ${field.type} ${field.name}; eos computes it, so the column is ignored`);
      return null;
    }
    if (target && used.has(target) && !(field && ['multi_select', 'people', 'relation', 'files'].includes(field.type))) {
      warnings.push(`column '${name}' repeats ${target}; only its first column is used`);
      return null;
    }
    if (target) used.add(target);
    return target;
  });
  const idName = input.idColumn?.trim().toLowerCase();
  if (idName && !table.header.some((h) => h.trim().toLowerCase() === idName)) throw invalidInput(`--id-column '${input.idColumn}' is not a column of ${input.file}`);
  const idColumn = table.header.findIndex((h, i) => (idName ? h.trim().toLowerCase() === idName : targets[i] === null && ID_COLUMNS.includes(h.trim().toLowerCase())));
  const keyColumn = table.header.findIndex((h, i) => targets[i] === null && h.trim().toLowerCase() === 'key');
  table.header.forEach((h, i) => {
    if (targets[i] === null && !splits.has(i) && i !== idColumn && i !== keyColumn && !warnings.some((w) => w.includes(`'${h.trim()}'`))) {
      warnings.push(`column '${h.trim()}' matches no field of ${def.name} and is ignored (map it with --map '${h.trim()}=Field')`);
    }
  });
  return { targets, splits, keyColumn, idColumn, warnings };
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
      const name = split.labels?.[i] ?? field;
      const match = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\s*|\\s+)(.+)$`, 'i').exec(part);
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

function rowPairs(def: DatabaseDef, plan: ColumnPlan, row: number, cells: readonly string[], warnings: string[]): [string, string][] {
  const grouped = new Map<string, string[]>();
  const add = (target: string, value: string) => grouped.set(target, [...(grouped.get(target) ?? []), ...(value.trim() === '' ? [] : [value])]);
  plan.targets.forEach((target, i) => {
    const split = plan.splits.get(i);
    if (split) {
      const { pairs, partial } = splitCell(def, split, cells[i] ?? '');
      for (const [field, value] of pairs) add(field, value);
      if (partial) {
        const read = pairs.map(([f, v]) => `${f}=${JSON.stringify(v)}`).join(', ') || 'nothing';
        warnings.push(`row ${row}: column '${split.column}' ${JSON.stringify(cells[i] ?? '')} names fewer parts than ${split.into.join(', ')}; read as ${read}`);
      }
      return;
    }
    if (target) add(target, cells[i] ?? '');
  });
  return [...grouped].map(([field, values]) => [field, values.join(values.length > 1 ? ';' : '')]);
}

function columnOf(plan: ColumnPlan, table: CsvTable, field: string): string {
  const split = [...plan.splits.values()].find((c) => c.into.includes(field));
  if (split) return split.column;
  const i = plan.targets.indexOf(field);
  return i >= 0 ? (table.header[i] ?? field).trim() : field;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function unchanged(session: Session, def: DatabaseDef, record: StoredRecord, parsed: ParsedSet): boolean {
  if (parsed.status && parsed.status !== record.status) return false;
  for (const [field, value] of Object.entries(parsed.values)) if (!sameValue(record.fields[field], value)) return false;
  for (const [field, refs] of parsed.relations) {
    const pending = record.unresolved[field] ?? [];
    const relation = def.fields.find((f) => f.name === field);
    // A linked reference shows as the key it names: `Rel RevA-1.0` is linked as RevA-1.0.
    const written = refs.map((r) => (pending.includes(r) || !relation ? r : refCandidates(relation, r, session.databases).name));
    const current = [...((record.fields[field] as string[] | null) ?? []), ...pending];
    if (!sameValue([...current].sort(), [...written].sort())) return false;
  }
  return true;
}

async function existingRecord(
  db: Db,
  session: Session,
  def: DatabaseDef,
  key: string | undefined,
  sourceRef: string,
  title: string | undefined,
): Promise<StoredRecord | undefined> {
  const byKey = key ? (await recordsByRef(db, session.workspaceId, [key], def.id)).find((r) => r.key === key) : undefined;
  if (byKey) return byKey;
  if ('field' in def.key && title) return (await recordsByRef(db, session.workspaceId, [title], def.id)).find((r) => r.key === title);
  return recordBySourceRef(db, session.workspaceId, def.id, sourceRef);
}

type RowOutcome = 'created' | 'updated' | 'unchanged';

/** A refusal as one line of an import report: the message, then each unmet criterion. */
function refusalReason(message: string, unmet: readonly UnmetCriterion[] | undefined): string {
  return unmet?.length ? `${message}: ${unmet.map((u) => `${u.gate}/${u.criterion}: ${u.message}`).join('; ')}` : message;
}

interface RowIdentity {
  readonly key: string | undefined;
  readonly sourceRef: string;
  readonly title: string | undefined;
}

/** How a row finds its record: by key, by title (title-keyed databases), or by source reference. */
function identityOf(def: DatabaseDef, row: RowIdentity): string {
  // In a title-keyed database the title is the key: two rows with one title are one record.
  if ('field' in def.key && row.title) return `title:${row.title}`;
  if (row.key) return `key:${row.key}`;
  return `ref:${row.sourceRef}`;
}

/** The identities of the rows whose record is already stored (looked up in bulk). */
async function knownIdentities(db: Db, session: Session, def: DatabaseDef, rows: readonly RowIdentity[]): Promise<Set<string>> {
  const known = new Set<string>();
  const names = [...new Set(rows.flatMap((r) => [r.key, 'field' in def.key ? r.title : undefined]).filter((n): n is string => !!n))];
  for (let i = 0; i < names.length; i += 5000) {
    for (const r of await recordsByRef(db, session.workspaceId, names.slice(i, i + 5000), def.id)) {
      known.add(`key:${r.key}`);
      known.add(`title:${r.key}`);
    }
  }
  const refs = [...new Set(rows.map((r) => r.sourceRef))];
  for (let i = 0; i < refs.length; i += 5000) {
    for (const r of await recordsBySourceRefs(db, session.workspaceId, def.id, refs.slice(i, i + 5000))) known.add(`ref:${r.sourceRef}`);
  }
  // A row with a key that names no record is matched by its source reference instead.
  for (const r of rows) if (r.key && !known.has(`key:${r.key}`) && known.has(`ref:${r.sourceRef}`)) known.add(`key:${r.key}`);
  return known;
}

async function importRow(w: WriteContext, def: DatabaseDef, parsed: ParsedSet, existing: StoredRecord | undefined, sourceRef: string): Promise<RowOutcome> {
  if (!existing) {
    await createRecordIn(w, { database: def.id, parsed, sourceRef });
    return 'created';
  }
  if (unchanged(w.session, def, existing, parsed)) return 'unchanged';
  const { status, ...rest } = parsed;
  let record = existing;
  if (Object.keys(rest.values).length > 0 || rest.relations.size > 0) record = await updateRecordIn(w, { record, parsed: rest, action: 'record.update' });
  if (status && status !== record.status) await moveRecordIn(w, { record, to: status });
  return 'updated';
}

class DryRunRollback extends Error {}

/**
 * Imports a plain CSV into a database in one transaction, through the same gates as every
 * other write. Every bad cell is reported with its row, column, value and reason; nothing is
 * written unless every row is good or `skipInvalid` is set. Re-importing the same file
 * updates the same records (matched by key, title, or the source's ID column).
 */
export async function importCsv(session: Session, input: ImportInput): Promise<ImportReport> {
  const def = databaseOf(session, input.database);
  const table = parseCsv(input.text, input.file);
  const plan = planColumns(def, table, input);
  if (!plan.targets.some((t) => t !== null)) throw invalidInput(`${input.file}: no column matches a field of ${def.name} (fields: ${def.fields.map((f) => f.name).join(', ')})`);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const problems: ImportProblem[] = [];
  const rejected: { cells: readonly string[]; reason: string }[] = [];
  let warnings: string[] = [];
  const cellOf = (cells: readonly string[], column: string) => (column ? (cells[table.header.findIndex((h) => h.trim() === column)] ?? '') : '');
  const reject = (cells: readonly string[], rowProblems: ImportProblem[]) => {
    problems.push(...rowProblems);
    rejected.push({ cells, reason: rowProblems.map((p) => `${p.column ? `${p.column}: ` : ''}${p.reason}`).join(' | ') });
  };
  const titleField = def.fields.find((f) => f.type === 'title')?.name ?? '';
  const cellWarnings: string[] = [];
  const prepared = table.rows.map(({ row, cells }) => {
    const parsed = parseSet(def, rowPairs(def, plan, row, cells, cellWarnings), { commaLists: true });
    for (const warning of parsed.warnings ?? []) cellWarnings.push(`row ${row}: ${warning}`);
    const key = plan.keyColumn >= 0 ? cells[plan.keyColumn]?.trim() || undefined : undefined;
    const id = plan.idColumn >= 0 ? cells[plan.idColumn]?.trim() : undefined;
    const sourceRef = id
      ? `id:${id}`
      : key
        ? `key:${key}`
        : `row:${createHash('sha256')
            .update(JSON.stringify(cells.map((c) => c.trim())))
            .digest('hex')
            .slice(0, 32)}`;
    const title = typeof parsed.values[titleField] === 'string' ? (parsed.values[titleField] as string).trim() : undefined;
    const problems: ImportProblem[] = parsed.problems.map((p) => ({ row, column: columnOf(plan, table, p.field), value: p.value, reason: p.reason }));
    return { row, cells, parsed, key, sourceRef, title, problems };
  });
  const run = async (w: WriteContext) => {
    const valid = prepared.filter((p) => p.problems.length === 0);
    const known = await knownIdentities(w.db, session, def, valid);
    const seen = new Set<string>();
    const fresh = valid.filter((p) => {
      const identity = identityOf(def, p);
      const isNew = !known.has(identity) && !seen.has(identity);
      seen.add(identity);
      return isNew;
    });
    // Records whose creation runs onCreate rules go one at a time, through createRecordIn.
    const bulk =
      fresh.length > 0 && !def.onCreate?.length
        ? await bulkCreate(
            w,
            def,
            fresh.map((p) => ({ row: p.row, parsed: p.parsed, sourceRef: p.sourceRef })),
            { writeIfFailures: input.skipInvalid ?? false },
          )
        : { created: 0, failures: [] };
    const viaBulk = new Set('fallback' in bulk || def.onCreate?.length ? [] : fresh.map((p) => p.row));
    if (!('fallback' in bulk)) {
      counts.created += bulk.created;
      for (const f of bulk.failures) {
        const p = prepared.find((x) => x.row === f.row);
        const column = columnOf(plan, table, f.field);
        const reason = refusalReason(f.message, f.unmet);
        p?.problems.push({ row: f.row, column, value: cellOf(p.cells, column), reason });
      }
    }
    let done = viaBulk.size;
    input.onProgress?.(done, table.rows.length);
    for (const p of prepared) {
      if (p.problems.length === 0 && !viaBulk.has(p.row)) {
        try {
          const outcome = await w.db.transaction(async (savepoint) => {
            const rowContext: WriteContext = { ...w, db: savepoint as unknown as Db };
            return importRow(rowContext, def, p.parsed, await existingRecord(rowContext.db, session, def, p.key, p.sourceRef, p.title), p.sourceRef);
          });
          counts[outcome]++;
        } catch (error) {
          const e = toEosError(error);
          if (e.code === 'internal') throw error;
          const reason = refusalReason(e.message, e.details.unmet as UnmetCriterion[] | undefined);
          const column =
            e.code === 'gate_blocked' || e.details.gate
              ? columnOf(plan, table, def.status.field)
              : (e.details.field as string | undefined)
                ? columnOf(plan, table, e.details.field as string)
                : '';
          p.problems.push({ row: p.row, column, value: cellOf(p.cells, column), reason });
        }
        input.onProgress?.(++done, table.rows.length);
      }
      if (p.problems.length > 0) reject(p.cells, p.problems);
    }
    warnings = [...table.warnings, ...plan.warnings, ...cellWarnings, ...w.warnings];
    if (problems.length > 0 && !input.skipInvalid) {
      throw new EosError(
        'invalid_input',
        `${input.file}: ${problems.length} bad value${problems.length === 1 ? '' : 's'} in ${rejected.length} row${rejected.length === 1 ? '' : 's'}; nothing was imported`,
        {
          file: input.file,
          problems,
        },
      );
    }
    if (input.dryRun) throw new DryRunRollback();
  };
  try {
    await inWriteTransaction(session, 'import records', run);
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return {
    database: def.id,
    file: input.file,
    rows: table.rows.length,
    ...counts,
    skipped: rejected.length,
    dryRun: input.dryRun ?? false,
    problems,
    warnings,
    ...(input.skipInvalid && rejected.length > 0 ? { errorsCsv: stringify([[...table.header, 'eos_error'], ...rejected.map((r) => [...r.cells, r.reason])]) } : {}),
  };
}

import { ExpressionError } from '../../core/cel/expression-compiler.ts';
import { invalidInput } from '../../core/errors.ts';
import type { FieldValue } from '../../core/fields/parse-field-value.ts';
import { withSignoffs } from '../../core/fields/signoff.ts';
import { assertText } from '../../core/limits.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { toCelRecord } from '../../core/records/cel-view.ts';
import { type EosRecord, publicRecord } from '../../core/records/eos-record.ts';
import { celToSql } from '../../store/cel-to-sql.ts';
import { ensureSortIndex } from '../../store/ensure-sort-index.ts';
import { listRecordRows } from '../../store/record-rows.ts';
import { databaseOf, type Session } from '../session.ts';
import { needsOf, prepareHooks } from './eval-hooks.ts';
import { FILTER_BUDGET, type FilterBudget, filterInSlices, filterTooCostly } from './filter-budget.ts';
import { findRecord } from './find-record.ts';
import { findField } from './parse-set.ts';

export async function getRecord(session: Session, ref: string): Promise<EosRecord> {
  const record = await findRecord(session.store.db, session, ref);
  return withSignoffs(session.databases.get(record.database), publicRecord(record));
}

export interface ListInput {
  readonly database: string;
  /** A CEL filter over `record`, as in gates. */
  readonly where?: string | undefined;
  /** A field name or builtin (key, title, status, createdAt, updatedAt); `-Field` sorts descending. */
  readonly sort?: string | undefined;
  readonly limit?: number | undefined;
  /** Skip this many matching records first (the API's cursor). */
  readonly offset?: number | undefined;
  /** The budget of a filter SQL can't take (default FILTER_BUDGET); tests make it small. */
  readonly budget?: FilterBudget | undefined;
  /** Only these fields in each record's `fields` (and `unresolved`); all of them when absent. */
  readonly fields?: readonly string[] | undefined;
  /** Archived records: left out (the default), listed with the others, or listed alone. */
  readonly archived?: 'hide' | 'include' | 'only' | undefined;
}

const BUILTIN_SORTS = new Set(['key', 'title', 'status', 'createdAt', 'updatedAt']);

/**
 * Lists a database's records, filtered by a CEL expression over `record` and sorted by a field.
 *
 * @example await listRecords(session, { database: 'changes', where: "record['Risk Level'] == 'High'", sort: '-updatedAt', limit: 20 })
 */
export async function listRecords(session: Session, input: ListInput): Promise<EosRecord[]> {
  const def = databaseOf(session, input.database);
  const only = input.fields ? pickFields(def, input.fields) : undefined;
  const records = await listAll(session, def, input);
  return only ? records.map(only) : records;
}

/**
 * Checks the names of `fields=` against the database, and gives the function that keeps only
 * those in a record (its builtins stay): a client that shows three columns reads three fields.
 */
function pickFields(def: DatabaseDef, names: readonly string[]): (record: EosRecord) => EosRecord {
  const wanted = names.map((name) => {
    const field = findField(def, name);
    if (!field) throw invalidInput(`fields: ${def.name} has no field '${name}'; name fields of ${def.name}, comma-separated`, { field: name });
    return field.name;
  });
  return (record) => {
    const fields: Record<string, FieldValue> = {};
    const unresolved: Record<string, readonly string[]> = {};
    for (const name of wanted) {
      const value = record.fields[name];
      if (value !== undefined) fields[name] = value;
      const refs = record.unresolved[name];
      if (refs !== undefined) unresolved[name] = refs;
    }
    return { ...record, fields, unresolved };
  };
}

async function listAll(session: Session, def: DatabaseDef, input: ListInput): Promise<EosRecord[]> {
  const descending = input.sort?.startsWith('-') ?? false;
  const sortName = input.sort?.replace(/^-/, '');
  let sortField: string | undefined;
  if (sortName) {
    sortField = BUILTIN_SORTS.has(sortName) ? sortName : findField(def, sortName)?.name;
    if (!sortField) throw invalidInput(`Can't sort by '${sortName}': ${def.name} has no such field`, { sort: sortName });
    // A field sort reads an expression index, built the first time a list sorts on that field.
    if (!BUILTIN_SORTS.has(sortField)) await ensureSortIndex(session.store, sortField);
  }
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 0)) throw invalidInput(`--limit must be a whole number, not ${input.limit}`);
  const offset = input.offset ?? 0;
  const archived = input.archived ?? 'hide';
  if (input.where) assertText(input.where, 'where', 'queryLength');
  if (!input.where) {
    const rows = await listRecordRows(session.store.db, session.workspaceId, { database: def.id, sortField, descending, limit: input.limit, offset, archived });
    return rows.map((r) => withSignoffs(def, publicRecord(r)));
  }
  let filter: ReturnType<typeof session.compiler.compile>;
  try {
    filter = session.compiler.compile(def.id, input.where);
  } catch (error) {
    if (error instanceof ExpressionError) throw invalidInput(`--where: ${error.problems.join('; ')}`, { where: input.where, problems: error.problems });
    throw error;
  }
  const sqlWhere = celToSql(filter.ast, def);
  if (sqlWhere) {
    const rows = await listRecordRows(session.store.db, session.workspaceId, { database: def.id, where: sqlWhere, sortField, descending, limit: input.limit, offset, archived });
    return rows.map((r) => withSignoffs(def, publicRecord(r)));
  }
  // SQL can't take this filter: it runs here, within a row and time budget, yielding as it goes.
  const budget = input.budget ?? FILTER_BUDGET;
  const rows = await listRecordRows(session.store.db, session.workspaceId, { database: def.id, sortField, descending, limit: budget.rows + 1, archived });
  if (rows.length > budget.rows) throw filterTooCostly(input.where, `${def.name} has more than ${budget.rows.toLocaleString('en-US')} records to read`, budget);
  const now = session.clock();
  const hooksFor = await prepareHooks({ db: session.store.db, session, def, records: rows, needs: needsOf(session, def, [input.where]), now });
  const keep = (row: (typeof rows)[number]): boolean => {
    try {
      return filter.evaluate({ record: toCelRecord(def, row), hooks: hooksFor(row), now }) === true;
    } catch {
      return false;
    }
  };
  const kept = await filterInSlices(rows, keep, { where: input.where, limit: input.limit, offset, budget });
  return kept.map((r) => withSignoffs(def, publicRecord(r)));
}

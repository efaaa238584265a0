import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { FieldValue } from '../core/fields/parse-field-value.ts';
import type { RecordedAs, StoredRecord } from '../core/records/eos-record.ts';
import { sourceRefOfId } from '../core/records/source-ref.ts';
import { type WriteKind, writeNotice } from '../core/write-notice.ts';
import { oneOf } from './one-of.ts';
import { databases, records } from './schema.ts';
import { sqlLiteral } from './sql-literal.ts';
import { type Db, WRITES_CHANNEL } from './store.ts';
import { timeSlices } from './time-slices.ts';
import { iso } from './timestamps.ts';

export async function insertRecordRow(db: Db, workspaceId: string, record: StoredRecord): Promise<void> {
  await db.insert(records).values({ workspaceId, ...record, fields: record.fields as Record<string, unknown>, unresolved: record.unresolved as Record<string, string[]> });
}

/**
 * Writes a new version of a record, but only over the version it was read at:
 * zero rows updated means someone else wrote it first.
 */
export async function updateRecordRow(db: Db, workspaceId: string, record: StoredRecord, expectedVersion: number): Promise<boolean> {
  const updated = await db
    .update(records)
    .set({
      key: record.key,
      title: record.title,
      status: record.status,
      fields: record.fields as Record<string, unknown>,
      unresolved: record.unresolved as Record<string, string[]>,
      sourceRef: record.sourceRef,
      recordedAs: record.recordedAs ?? null,
      archivedAt: record.archivedAt ?? null,
      archivedBy: record.archivedBy ?? null,
      version: record.version,
      updatedAt: record.updatedAt,
      updatedBy: record.updatedBy,
    })
    .where(and(eq(records.workspaceId, workspaceId), eq(records.id, record.id), eq(records.version, expectedVersion)))
    .returning({ id: records.id });
  return updated.length === 1;
}

/** A records row as the drivers return it from a raw select. */
interface RawRecordRow {
  id: string;
  database: string;
  key: string;
  title: string;
  status: string;
  fields: Record<string, FieldValue>;
  unresolved: Record<string, string[]>;
  source_ref: string | null;
  recorded_as: string | null;
  archived_at: string | Date | null;
  archived_by: string | null;
  version: number;
  created_at: string | Date;
  created_by: string;
  updated_at: string | Date;
  updated_by: string;
}

function fromRaw(row: RawRecordRow): StoredRecord {
  return {
    id: row.id,
    key: row.key,
    database: row.database,
    title: row.title,
    status: row.status,
    fields: row.fields,
    unresolved: row.unresolved,
    sourceRef: row.source_ref,
    version: row.version,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
    ...(row.recorded_as ? { recordedAs: row.recorded_as as RecordedAs } : {}),
    ...(row.archived_at ? { archivedAt: iso(row.archived_at), archivedBy: row.archived_by ?? '' } : {}),
  };
}

const RECORD_COLUMNS = sql.raw(
  'id, database, key, title, status, fields, unresolved, source_ref, recorded_as, archived_at, archived_by, version, created_at, created_by, updated_at, updated_by',
);

/**
 * The bulk reads (whole databases for a gate check, linked records) skip drizzle's per-row
 * result mapping, which profiling showed to be the largest share of eos's own time there.
 */
async function selectRecords(db: Db, where: SQL, order: SQL, limit?: number, offset?: number): Promise<StoredRecord[]> {
  const page = sql`${limit !== undefined ? sql` limit ${limit}` : sql``}${offset ? sql` offset ${offset}` : sql``}`;
  const result = (await db.execute(sql`select ${RECORD_COLUMNS} from records where ${where} order by ${order}${page}`)) as unknown as { rows: RawRecordRow[] };
  return result.rows.map(fromRaw);
}

export async function recordsByIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<StoredRecord[]> {
  if (ids.length === 0) return [];
  return selectRecords(db, sql`workspace_id = ${workspaceId} and id = ${oneOf(ids, 'uuid')}`, sql`id`);
}

/**
 * Records whose key or title is `ref`, in one database or anywhere in the workspace; in one
 * database, also those whose source ID is (an imported Linear `CLA-4`, a Jira `PROJ-12`).
 */
export async function recordsByRef(db: Db, workspaceId: string, refs: readonly string[], database?: string): Promise<StoredRecord[]> {
  if (refs.length === 0) return [];
  const where = database
    ? sql`workspace_id = ${workspaceId} and database = ${database} and (key = ${oneOf(refs)} or title = ${oneOf(refs)} or source_ref = ${oneOf(refs.map(sourceRefOfId))})`
    : sql`workspace_id = ${workspaceId} and (key = ${oneOf(refs)} or title = ${oneOf(refs)})`;
  return selectRecords(db, where, sql`id`);
}

export async function recordBySourceRef(db: Db, workspaceId: string, database: string, sourceRef: string): Promise<StoredRecord | undefined> {
  return (await recordsBySourceRefs(db, workspaceId, database, [sourceRef]))[0];
}

export interface ListRowsOptions {
  readonly database: string;
  /** A SQL filter over `records.fields` built by the store's CEL translator, if any. */
  readonly where?: SQL | undefined;
  readonly sortField?: string | undefined;
  readonly descending?: boolean | undefined;
  readonly limit?: number | undefined;
  /** Skip this many rows first (a page further on). */
  readonly offset?: number | undefined;
  /** Archived records: listed with the others (the default: gates read them), left out, or listed alone. */
  readonly archived?: 'hide' | 'include' | 'only' | undefined;
}

const ARCHIVED: Record<'hide' | 'include' | 'only', SQL> = {
  hide: sql` and archived_at is null`,
  include: sql``,
  only: sql` and archived_at is not null`,
};

const COLUMN_SORTS: Record<string, SQL> = {
  key: sql`${records.key}`,
  title: sql`${records.title}`,
  status: sql`${records.status}`,
  createdAt: sql`${records.createdAt}`,
  updatedAt: sql`${records.updatedAt}`,
};

export async function listRecordRows(db: Db, workspaceId: string, options: ListRowsOptions): Promise<StoredRecord[]> {
  // Without a sort, records come in creation order: ids are UUIDv7, so the primary key gives it without a sort step.
  // The field goes in as a literal, not a parameter, so the planner matches it to its expression index (ensureSortIndex).
  const sortExpr = options.sortField ? (COLUMN_SORTS[options.sortField] ?? sql`${records.fields} -> ${sql.raw(sqlLiteral(options.sortField))}`) : sql`${records.id}`;
  const direction = options.descending ? sql`desc` : sql`asc`;
  const where = sql`workspace_id = ${workspaceId} and database = ${options.database}${ARCHIVED[options.archived ?? 'include']}${options.where ? sql` and ${options.where}` : sql``}`;
  // Ids are unique: the key breaks ties of a sort on anything else.
  const order = options.sortField ? sql`${sortExpr} ${direction}, key asc` : sql`${sortExpr} ${direction}`;
  return selectRecords(db, where, order, options.limit, options.offset);
}

/** Hands out the next PREFIX-N number of a database; the row lock serialises writers. */
export async function nextRecordNumber(db: Db, workspaceId: string, database: string): Promise<number> {
  const rows = await db
    .update(databases)
    .set({ nextNumber: sql`${databases.nextNumber} + 1` })
    .where(and(eq(databases.workspaceId, workspaceId), eq(databases.id, database)))
    .returning({ n: databases.nextNumber });
  return (rows[0]?.n ?? 2) - 1;
}

/**
 * Serialises every write of a workspace: the audit chain has one order, and so do its records.
 * It also queues a notification, delivered only if the transaction commits, so servers that
 * cache reads learn of writes made by any process (Store.onWrite).
 */
export async function lockWorkspace(db: Db, workspaceId: string, kind: WriteKind = 'data'): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${workspaceId})), pg_notify(${WRITES_CHANNEL}, ${writeNotice(workspaceId, kind)})`);
}

/** How many records each (database, status) pair holds. */
export async function statusCounts(db: Db, workspaceId: string): Promise<{ database: string; status: string; count: number }[]> {
  const rows = await db
    .select({ database: records.database, status: records.status, count: sql<number>`count(*)::int` })
    .from(records)
    .where(eq(records.workspaceId, workspaceId))
    .groupBy(records.database, records.status);
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

const INSERT_BATCH = 2000;

/**
 * Inserts many new records. Each batch travels as one JSON parameter that the server expands
 * with jsonb_to_recordset: far less client work than a multi-row VALUES list.
 */
export async function insertRecordRows(db: Db, workspaceId: string, rows: readonly StoredRecord[], rowsPerStatement = INSERT_BATCH): Promise<void> {
  const slice = timeSlices();
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const batch = rows.slice(i, i + rowsPerStatement).map((r) => ({
      id: r.id,
      database: r.database,
      key: r.key,
      title: r.title,
      status: r.status,
      fields: r.fields,
      unresolved: r.unresolved,
      source_ref: r.sourceRef,
      recorded_as: r.recordedAs ?? null,
      version: r.version,
      created_at: r.createdAt,
      created_by: r.createdBy,
      updated_at: r.updatedAt,
      updated_by: r.updatedBy,
    }));
    await db.execute(sql`
      insert into records (workspace_id, id, database, key, title, status, fields, unresolved, source_ref, recorded_as, version, created_at, created_by, updated_at, updated_by)
      select ${workspaceId}, x.id, x.database, x.key, x.title, x.status, x.fields, x.unresolved, x.source_ref, x.recorded_as, x.version, x.created_at, x.created_by, x.updated_at, x.updated_by
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(id uuid, database text, key text, title text, status text, fields jsonb, unresolved jsonb,
        source_ref text, recorded_as text, version int, created_at timestamptz, created_by text, updated_at timestamptz, updated_by text)`);
    await slice();
  }
}

/** Records of a database whose import source reference is one of these. */
export async function recordsBySourceRefs(db: Db, workspaceId: string, database: string, sourceRefs: readonly string[]): Promise<StoredRecord[]> {
  if (sourceRefs.length === 0) return [];
  return selectRecords(db, sql`workspace_id = ${workspaceId} and database = ${database} and source_ref = ${oneOf(sourceRefs)}`, sql`id`);
}

/** Hands out `count` consecutive PREFIX-N numbers and returns the first. */
export async function reserveRecordNumbers(db: Db, workspaceId: string, database: string, count: number): Promise<number> {
  const rows = await db
    .update(databases)
    .set({ nextNumber: sql`${databases.nextNumber} + ${count}` })
    .where(and(eq(databases.workspaceId, workspaceId), eq(databases.id, database)))
    .returning({ n: databases.nextNumber });
  return (rows[0]?.n ?? count + 1) - count;
}

/** A bulk load refreshes the statistics only when it grew the records table by this share or more. */
const ANALYZE_GROWTH = 0.2;

/**
 * Refreshes the planner's statistics after a bulk load of `added` records, when that grew the
 * table by a large share of the rows its statistics know (or it has none yet). PGlite never runs
 * autovacuum, so without this its first queries over a freshly imported database can pick a bad
 * plan; a small import into a large table leaves the plans as they were and skips the cost.
 */
export async function analyzeAfterBulkLoad(db: Db, added: number): Promise<boolean> {
  const result = (await db.execute(sql`select reltuples::float8 as n from pg_class where oid = 'records'::regclass`)) as unknown as { rows: { n: number }[] };
  const known = Number(result.rows[0]?.n ?? -1);
  if (known >= 0 && added < ANALYZE_GROWTH * known) return false;
  await db.execute(sql`analyze records, links, unresolved_refs`);
  return true;
}

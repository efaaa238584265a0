import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { FieldValue } from '../core/fields/parse-field-value.ts';
import type { StoredRecord } from '../core/records/eos-record.ts';
import { databases, records } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

type Row = typeof records.$inferSelect;

export function toStoredRecord(row: Row): StoredRecord {
  return {
    id: row.id,
    key: row.key,
    database: row.database,
    title: row.title,
    status: row.status,
    fields: row.fields as Record<string, FieldValue>,
    unresolved: row.unresolved,
    sourceRef: row.sourceRef,
    version: row.version,
    createdAt: iso(row.createdAt),
    createdBy: row.createdBy,
    updatedAt: iso(row.updatedAt),
    updatedBy: row.updatedBy,
  };
}

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
      version: record.version,
      updatedAt: record.updatedAt,
      updatedBy: record.updatedBy,
    })
    .where(and(eq(records.workspaceId, workspaceId), eq(records.id, record.id), eq(records.version, expectedVersion)))
    .returning({ id: records.id });
  return updated.length === 1;
}

export async function recordsByIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<StoredRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(records)
    .where(and(eq(records.workspaceId, workspaceId), inArray(records.id, [...ids])));
  return rows.map(toStoredRecord);
}

/** Records whose key or title is `ref`, in one database or anywhere in the workspace. */
export async function recordsByRef(db: Db, workspaceId: string, refs: readonly string[], database?: string): Promise<StoredRecord[]> {
  if (refs.length === 0) return [];
  const match = or(inArray(records.key, [...refs]), inArray(records.title, [...refs]));
  const scope = database ? and(eq(records.workspaceId, workspaceId), eq(records.database, database), match) : and(eq(records.workspaceId, workspaceId), match);
  const rows = await db.select().from(records).where(scope);
  return rows.map(toStoredRecord);
}

export async function recordBySourceRef(db: Db, workspaceId: string, database: string, sourceRef: string): Promise<StoredRecord | undefined> {
  const rows = await db
    .select()
    .from(records)
    .where(and(eq(records.workspaceId, workspaceId), eq(records.database, database), eq(records.sourceRef, sourceRef)));
  return rows[0] ? toStoredRecord(rows[0]) : undefined;
}

export interface ListRowsOptions {
  readonly database: string;
  /** A SQL filter over `records.fields` built by the store's CEL translator, if any. */
  readonly where?: SQL | undefined;
  readonly sortField?: string | undefined;
  readonly descending?: boolean | undefined;
  readonly limit?: number | undefined;
}

const COLUMN_SORTS: Record<string, SQL> = {
  key: sql`${records.key}`,
  title: sql`${records.title}`,
  status: sql`${records.status}`,
  createdAt: sql`${records.createdAt}`,
  updatedAt: sql`${records.updatedAt}`,
};

export async function listRecordRows(db: Db, workspaceId: string, options: ListRowsOptions): Promise<StoredRecord[]> {
  // Without a sort, records come in creation order: ids are UUIDv7, so the primary key gives it without a sort step.
  const sortExpr = options.sortField ? (COLUMN_SORTS[options.sortField] ?? sql`${records.fields}->${options.sortField}`) : sql`${records.id}`;
  const query = db
    .select()
    .from(records)
    .where(and(eq(records.workspaceId, workspaceId), eq(records.database, options.database), options.where))
    .orderBy(options.descending ? desc(sortExpr) : asc(sortExpr), asc(records.key));
  const rows = options.limit !== undefined ? await query.limit(options.limit) : await query;
  return rows.map(toStoredRecord);
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

/** Serialises every write of a workspace: the audit chain has one order, and so do its records. */
export async function lockWorkspace(db: Db, workspaceId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${workspaceId}))`);
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
export async function insertRecordRows(db: Db, workspaceId: string, rows: readonly StoredRecord[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH).map((r) => ({
      id: r.id,
      database: r.database,
      key: r.key,
      title: r.title,
      status: r.status,
      fields: r.fields,
      unresolved: r.unresolved,
      source_ref: r.sourceRef,
      version: r.version,
      created_at: r.createdAt,
      created_by: r.createdBy,
      updated_at: r.updatedAt,
      updated_by: r.updatedBy,
    }));
    await db.execute(sql`
      insert into records (workspace_id, id, database, key, title, status, fields, unresolved, source_ref, version, created_at, created_by, updated_at, updated_by)
      select ${workspaceId}, x.id, x.database, x.key, x.title, x.status, x.fields, x.unresolved, x.source_ref, x.version, x.created_at, x.created_by, x.updated_at, x.updated_by
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(id uuid, database text, key text, title text, status text, fields jsonb, unresolved jsonb,
        source_ref text, version int, created_at timestamptz, created_by text, updated_at timestamptz, updated_by text)`);
  }
}

/** Records of a database whose import source reference is one of these. */
export async function recordsBySourceRefs(db: Db, workspaceId: string, database: string, sourceRefs: readonly string[]): Promise<StoredRecord[]> {
  if (sourceRefs.length === 0) return [];
  const rows = await db
    .select()
    .from(records)
    .where(and(eq(records.workspaceId, workspaceId), eq(records.database, database), inArray(records.sourceRef, [...sourceRefs])));
  return rows.map(toStoredRecord);
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

/**
 * Refreshes the planner's statistics after a bulk load. PGlite never runs autovacuum, so without
 * this its first queries over a freshly imported database can pick a bad plan.
 */
export async function analyzeAfterBulkLoad(db: Db): Promise<void> {
  await db.execute(sql`analyze records, links, unresolved_refs`);
}

import { sql } from 'drizzle-orm';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

/** The columns a dashboard tile shows of a record. */
export interface RecordHeadline {
  readonly key: string;
  readonly title: string;
  readonly database: string;
  readonly status: string;
  readonly updatedAt: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

interface Raw {
  key: string;
  title: string;
  database: string;
  status: string;
  updated_at: string | Date;
  fields: Record<string, unknown>;
}

function headline(r: Raw): RecordHeadline {
  return { key: r.key, title: r.title, database: r.database, status: r.status, updatedAt: iso(r.updated_at), fields: r.fields };
}

/** Records of the workspace not written since `before`, oldest first (uses records_updated per database). */
export async function recordsUpdatedBefore(db: Db, workspaceId: string, before: Date, limit: number): Promise<RecordHeadline[]> {
  const result = (await db.execute(
    sql`select key, title, database, status, updated_at, fields from records where workspace_id = ${workspaceId} and updated_at < ${before.toISOString()} order by updated_at asc, key asc limit ${limit}`,
  )) as unknown as { rows: Raw[] };
  return result.rows.map(headline);
}

/** Records whose status is one of these (any database), e.g. Blocked or On Hold. */
export async function recordsInStatuses(db: Db, workspaceId: string, statuses: readonly string[], limit: number): Promise<RecordHeadline[]> {
  if (statuses.length === 0) return [];
  const list = sql.join(
    statuses.map((s) => sql`${s}`),
    sql`, `,
  );
  const result = (await db.execute(
    sql`select key, title, database, status, updated_at, fields from records where workspace_id = ${workspaceId} and status in (${list}) order by updated_at asc, key asc limit ${limit}`,
  )) as unknown as { rows: Raw[] };
  return result.rows.map(headline);
}

/** Records of one database whose date field is set and before `day` (YYYY-MM-DD or ISO). */
export async function recordsWithDateBefore(db: Db, workspaceId: string, database: string, field: string, day: string, limit: number): Promise<RecordHeadline[]> {
  const result = (await db.execute(
    sql`select key, title, database, status, updated_at, fields from records where workspace_id = ${workspaceId} and database = ${database}
      and fields->>${field} is not null and fields->>${field} <> '' and fields->>${field} < ${day} order by fields->>${field} asc, key asc limit ${limit}`,
  )) as unknown as { rows: Raw[] };
  return result.rows.map(headline);
}

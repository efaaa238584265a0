import { sql } from 'drizzle-orm';
import type { Db } from './store.ts';

/** `%text%` for ILIKE, with the pattern characters in the text escaped. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface RecordHit {
  readonly key: string;
  readonly title: string;
  readonly database: string;
  readonly status: string;
}

/** Records whose key or title contains `text` (any case): exact keys first, then titles that start with it. */
export async function searchRecordRows(db: Db, workspaceId: string, text: string, limit: number): Promise<RecordHit[]> {
  const pattern = contains(text);
  const prefix = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const result = (await db.execute(
    sql`select key, title, database, status from records where workspace_id = ${workspaceId} and (key ilike ${pattern} or title ilike ${pattern})
      order by (lower(key) = lower(${text})) desc, (title ilike ${prefix}) desc, updated_at desc, key asc limit ${limit}`,
  )) as unknown as { rows: RecordHit[] };
  return result.rows;
}

export interface DecisionHit {
  readonly id: string;
  readonly summary: string;
  readonly scope: string;
  readonly action: string;
  readonly recordKey: string | null;
}

/** Decisions whose summary, scope or action contains `text`, newest first. */
export async function searchDecisionRows(db: Db, workspaceId: string, text: string, limit: number): Promise<DecisionHit[]> {
  const pattern = contains(text);
  const result = (await db.execute(
    sql`select id, summary, scope, action, record_key from decisions where workspace_id = ${workspaceId} and (summary ilike ${pattern} or scope ilike ${pattern} or action ilike ${pattern})
      order by at desc, id desc limit ${limit}`,
  )) as unknown as { rows: { id: string; summary: string; scope: string; action: string; record_key: string | null }[] };
  return result.rows.map((r) => ({ id: r.id, summary: r.summary, scope: r.scope, action: r.action, recordKey: r.record_key }));
}

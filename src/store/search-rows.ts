import { sql } from 'drizzle-orm';
import { MARK_START, MARK_STOP } from '../core/search/mark-snippet.ts';
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
  readonly fields: Record<string, unknown>;
  /** ts_headline's fragment of the title and text, each match between MARK_START and MARK_STOP. */
  readonly headline: string;
}

/** Every string in a record's fields but the title (it leads), lists' strings joined: the text ts_headline cuts its fragment from. */
const FIELD_TEXT = sql.raw(`(select string_agg(case jsonb_typeof(v) when 'string' then v #>> '{}'
  else (select string_agg(e #>> '{}', ', ') from jsonb_array_elements(v) e where jsonb_typeof(e) = 'string') end, ' · ')
  from jsonb_each(fields) f(k, v) where jsonb_typeof(v) = 'array' or (jsonb_typeof(v) = 'string' and v #>> '{}' <> title))`);

const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=20, MinWords=10, ShortWord=0, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * Records that match `text`: by key (any case, a substring) or by full text over key, title and
 * every text field (`tsquery`, from prefixQuery). Exact keys come first, then keys that start with
 * the text, then by rank (title matches weigh more than field matches), newest first on a tie.
 * Comments, once they exist, join as a second source with their own vector, ranked the same way.
 */
export async function searchRecordRows(db: Db, workspaceId: string, text: string, tsquery: string | undefined, limit: number): Promise<RecordHit[]> {
  const pattern = contains(text);
  const prefix = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // Without a query, an empty tsquery matches nothing and ranks everything 0.
  const query = tsquery ? sql`to_tsquery('english', ${tsquery})` : sql`''::tsquery`;
  const result = (await db.execute(
    sql`select key, title, database, status, fields,
        ts_headline('english', concat_ws(' · ', title, ${FIELD_TEXT}), q.query, ${HEADLINE_OPTIONS}) as headline
      from records, (select ${query} as query) q
      where workspace_id = ${workspaceId} and archived_at is null and (key ilike ${pattern} or search_vector @@ q.query)
      order by (lower(key) = lower(${text})) desc, (key ilike ${prefix}) desc, ts_rank(search_vector, q.query) desc, updated_at desc, key asc
      limit ${limit}`,
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

import { invalidInput } from '../core/errors.ts';
import { assertText } from '../core/limits.ts';
import { displayTitle } from '../core/records/display-title.ts';
import { markSnippet } from '../core/search/mark-snippet.ts';
import { prefixQuery } from '../core/search/prefix-query.ts';
import { searchDecisionRows, searchRecordRows } from '../store/search-rows.ts';
import type { Session } from './session.ts';

export type SearchResult =
  | {
      readonly kind: 'record';
      readonly key: string;
      readonly title: string;
      readonly database: string;
      readonly status: string;
      /** A fragment of the title and text around the matches, HTML-escaped, each match in `<mark>`. */
      readonly snippet: string;
    }
  | { readonly kind: 'database'; readonly id: string; readonly title: string }
  | { readonly kind: 'decision'; readonly id: string; readonly title: string; readonly key?: string };

/**
 * Searches the workspace: databases by name or id; records by key, or by full text over title
 * and text fields (each word a prefix, ranked, with a highlighted snippet); decisions by summary,
 * scope or action (case-insensitive substring). Databases come first, then records, then
 * decisions, `limit` results in all. A record is titled as the record page titles it, so
 * ECR-0001 reads "Display glitches in sun", not its key twice.
 *
 * @example await search(session, { q: 'ECR', limit: 10 }) // [{ kind: 'database', id: 'change-control', … }, { kind: 'record', key: 'ECR-0001', … }]
 */
export async function search(session: Session, input: { q: string; limit?: number | undefined }): Promise<SearchResult[]> {
  assertText(input.q, 'q', 'queryLength');
  const q = input.q.trim();
  if (q === '') throw invalidInput('Search for something: q must not be empty', { field: 'q' });
  const limit = input.limit ?? 20;
  const wanted = q.toLowerCase();
  const databases: SearchResult[] = [...session.databases.values()]
    .filter((d) => d.name.toLowerCase().includes(wanted) || d.id.includes(wanted))
    .slice(0, limit)
    .map((d) => ({ kind: 'database', id: d.id, title: d.name }));
  const records: SearchResult[] = (await searchRecordRows(session.store.db, session.workspaceId, q, prefixQuery(q), limit - databases.length)).map((r) => ({
    kind: 'record',
    key: r.key,
    title: displayTitle(r, session.databases.get(r.database)),
    database: r.database,
    status: r.status,
    snippet: markSnippet(r.headline),
  }));
  const room = limit - databases.length - records.length;
  const decisions: SearchResult[] =
    room > 0
      ? (await searchDecisionRows(session.store.db, session.workspaceId, q, room)).map((d) => ({
          kind: 'decision',
          id: d.id,
          title: d.summary,
          ...(d.recordKey ? { key: d.recordKey } : {}),
        }))
      : [];
  return [...databases, ...records, ...decisions];
}

import { listCommentRows } from '../../store/people-rows.ts';
import { findRecord } from '../records/find-record.ts';
import type { Session } from '../session.ts';
import { type CommentView, commentView } from './comment-view.ts';
import { recordWatchers, type Watcher } from './record-watchers.ts';

/** A record's comments, oldest first, and who watches it. */
export async function listComments(session: Session, ref: string): Promise<{ record: string; comments: CommentView[]; watchers: Watcher[] }> {
  const record = await findRecord(session.store.db, session, ref);
  const rows = await listCommentRows(session.store.db, session.workspaceId, record.id);
  const watchers = await recordWatchers(session.store.db, session.workspaceId, session.databases.get(record.database), record);
  return { record: record.key, comments: rows.map((r) => commentView(r, record.key)), watchers };
}

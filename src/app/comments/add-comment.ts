import { v7 as uuidv7 } from 'uuid';
import { parseMentions, resolveMentions } from '../../core/people/parse-mentions.ts';
import { addWatcherRows, insertCommentRow } from '../../store/people-rows.ts';
import { listUsers, userRoles } from '../../store/user-rows.ts';
import { notifyPeopleIn } from '../people/notify-people.ts';
import { findRecord } from '../records/find-record.ts';
import type { Session } from '../session.ts';
import { inWriteTransaction } from '../write-context.ts';
import { auditComment } from './audit-comment.ts';
import { commentBody } from './comment-body.ts';
import { type CommentView, commentView, excerpt } from './comment-view.ts';
import { recordWatchers } from './record-watchers.ts';

export interface CommentResult {
  readonly comment: CommentView;
  /** `@names` that are neither a user nor a role: no one was told. */
  readonly warnings: readonly string[];
}

/**
 * Comments on a record (Markdown). Mentioned people (`@ana`) and teams (`@qa`: everyone with the
 * role) are notified and start watching; the record's other watchers hear of the comment. One
 * transaction: the comment, its audit entry and the notifications commit together.
 *
 * @example await addComment(session, 'CHG-0001', 'Looks good, @qa please sign')
 */
export async function addComment(session: Session, ref: string, body: string): Promise<CommentResult> {
  const text = commentBody(body);
  return inWriteTransaction(session, 'comment on records', async (w) => {
    const record = await findRecord(w.db, session, ref);
    const at = w.now.toISOString();
    const row = { id: uuidv7(), recordId: record.id, author: session.actor, body: text, history: [], createdAt: at, updatedAt: at };
    await insertCommentRow(w.db, session.workspaceId, row);
    await auditComment(w, record, 'comment.add', null, { comment: row.id, body: text });
    const users = (await listUsers(w.db, session.workspaceId)).map((u) => ({ name: u.name, roles: userRoles(u) }));
    const mentioned = resolveMentions(parseMentions(text), users);
    const watchers = await recordWatchers(w.db, session.workspaceId, session.databases.get(record.database), record);
    const line = `"${excerpt(text)}"`;
    await notifyPeopleIn(w.db, { workspaceId: session.workspaceId, actor: session.actor }, w.now, [
      { kind: 'mention', to: mentioned.people, recordKey: record.key, text: `${session.actor} mentioned you on ${record.key}: ${line}`, details: { comment: row.id } },
      {
        kind: 'comment',
        to: watchers.map((x) => x.name).filter((n) => !mentioned.people.includes(n)),
        recordKey: record.key,
        text: `${session.actor} commented on ${record.key}: ${line}`,
        details: { comment: row.id },
      },
    ]);
    await addWatcherRows(w.db, session.workspaceId, record.id, [
      { userName: session.actor, reason: 'comment', since: at },
      ...mentioned.people.map((name) => ({ userName: name, reason: 'mention', since: at })),
    ]);
    const warnings = mentioned.unknown.map((m) => `@${m} is neither a user nor a team (role) of this workspace: no one was notified for it`);
    return { comment: commentView(row, record.key), warnings };
  });
}

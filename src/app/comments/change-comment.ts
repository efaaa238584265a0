import { isAdmin } from '../../core/auth/role-policy.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { parseMentions, resolveMentions } from '../../core/people/parse-mentions.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { addWatcherRows, type CommentRow, deleteCommentRow, findCommentRow, updateCommentRow } from '../../store/people-rows.ts';
import { listUsers, userRoles } from '../../store/user-rows.ts';
import { notifyPeopleIn } from '../people/notify-people.ts';
import { findRecord } from '../records/find-record.ts';
import { actorOf, type Session } from '../session.ts';
import { inWriteTransaction, type WriteContext } from '../write-context.ts';
import { auditComment } from './audit-comment.ts';
import { commentBody } from './comment-body.ts';
import { type CommentView, commentView, excerpt } from './comment-view.ts';

async function commentOf(w: WriteContext, ref: string, id: string): Promise<{ record: StoredRecord; row: CommentRow }> {
  const record = await findRecord(w.db, w.session, ref);
  const row = await findCommentRow(w.db, w.session.workspaceId, id);
  if (!row || row.recordId !== record.id)
    throw notFound(`${record.key} has no comment '${id}'; list them with eos comment list ${record.key}`, { record: record.key, comment: id });
  return { record, row };
}

/**
 * Edits a comment (its author only). The old body is kept in its history; people the new body
 * mentions for the first time are notified.
 */
export async function editComment(session: Session, ref: string, id: string, body: string): Promise<CommentView> {
  const text = commentBody(body);
  return inWriteTransaction(session, 'edit comments', async (w) => {
    const { record, row } = await commentOf(w, ref, id);
    if (row.author !== session.actor) throw forbidden(`Only ${row.author}, who wrote comment ${id}, can edit it`, { comment: id, author: row.author });
    if (row.body === text) return commentView(row, record.key);
    const at = w.now.toISOString();
    const edited = { ...row, body: text, history: [...row.history, { body: row.body, at, by: session.actor }], updatedAt: at };
    await updateCommentRow(w.db, session.workspaceId, edited);
    await auditComment(w, record, 'comment.edit', { comment: id, body: row.body }, { comment: id, body: text });
    const users = (await listUsers(w.db, session.workspaceId)).map((u) => ({ name: u.name, roles: userRoles(u) }));
    const before = new Set(resolveMentions(parseMentions(row.body), users).people);
    const added = resolveMentions(parseMentions(text), users).people.filter((p) => !before.has(p));
    await notifyPeopleIn(w.db, { workspaceId: session.workspaceId, actor: session.actor }, w.now, [
      { kind: 'mention', to: added, recordKey: record.key, text: `${session.actor} mentioned you on ${record.key}: "${excerpt(text)}"`, details: { comment: id } },
    ]);
    await addWatcherRows(
      w.db,
      session.workspaceId,
      record.id,
      added.map((name) => ({ userName: name, reason: 'mention', since: at })),
    );
    return commentView(edited, record.key);
  });
}

/** Deletes a comment (its author, or an admin). The audit entry keeps what it said. */
export async function deleteComment(session: Session, ref: string, id: string): Promise<CommentView> {
  return inWriteTransaction(session, 'delete comments', async (w) => {
    const { record, row } = await commentOf(w, ref, id);
    if (row.author !== session.actor && !isAdmin(actorOf(session)))
      throw forbidden(`Only ${row.author}, who wrote comment ${id}, or an admin can delete it`, { comment: id, author: row.author });
    await deleteCommentRow(w.db, session.workspaceId, id);
    await auditComment(w, record, 'comment.delete', { comment: id, body: row.body, author: row.author }, null);
    return commentView(row, record.key);
  });
}

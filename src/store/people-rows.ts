import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { comments, notifications, users, watchers } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

export interface CommentRow {
  readonly id: string;
  readonly recordId: string;
  readonly author: string;
  readonly body: string;
  readonly history: readonly { readonly body: string; readonly at: string; readonly by: string }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

function toComment({ workspaceId: _w, ...row }: typeof comments.$inferSelect): CommentRow {
  return { ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

export async function listCommentRows(db: Db, workspaceId: string, recordId: string): Promise<CommentRow[]> {
  const rows = await db
    .select()
    .from(comments)
    .where(and(eq(comments.workspaceId, workspaceId), eq(comments.recordId, recordId)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  return rows.map(toComment);
}

export async function findCommentRow(db: Db, workspaceId: string, id: string): Promise<CommentRow | undefined> {
  const [row] = await db
    .select()
    .from(comments)
    .where(and(eq(comments.workspaceId, workspaceId), eq(comments.id, id)));
  return row ? toComment(row) : undefined;
}

export async function insertCommentRow(db: Db, workspaceId: string, row: CommentRow): Promise<void> {
  await db.insert(comments).values({ workspaceId, ...row, history: [...row.history] });
}

export async function updateCommentRow(db: Db, workspaceId: string, row: CommentRow): Promise<void> {
  await db
    .update(comments)
    .set({ body: row.body, history: [...row.history], updatedAt: row.updatedAt })
    .where(and(eq(comments.workspaceId, workspaceId), eq(comments.id, row.id)));
}

export async function deleteCommentRow(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.delete(comments).where(and(eq(comments.workspaceId, workspaceId), eq(comments.id, id)));
}

export interface WatcherRow {
  readonly userName: string;
  readonly reason: string;
  readonly since: string;
}

export async function listWatcherRows(db: Db, workspaceId: string, recordId: string): Promise<WatcherRow[]> {
  const rows = await db
    .select({ userName: watchers.userName, reason: watchers.reason, since: watchers.since })
    .from(watchers)
    .where(and(eq(watchers.workspaceId, workspaceId), eq(watchers.recordId, recordId)))
    .orderBy(asc(watchers.userName));
  return rows.map((r) => ({ ...r, since: iso(r.since) }));
}

/** Adds watchers; someone already watching keeps their first reason. */
export async function addWatcherRows(db: Db, workspaceId: string, recordId: string, rows: readonly WatcherRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(watchers)
    .values(rows.map((r) => ({ workspaceId, recordId, ...r })))
    .onConflictDoNothing();
}

export async function deleteWatcherRow(db: Db, workspaceId: string, recordId: string, userName: string): Promise<boolean> {
  const rows = await db
    .delete(watchers)
    .where(and(eq(watchers.workspaceId, workspaceId), eq(watchers.recordId, recordId), eq(watchers.userName, userName)))
    .returning({ userName: watchers.userName });
  return rows.length > 0;
}

export interface NotificationRow {
  readonly id: string;
  readonly userName: string;
  readonly kind: string;
  readonly recordKey: string | null;
  readonly by: string;
  readonly at: string;
  readonly text: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly read: boolean;
  readonly emailState: 'pending' | 'sent' | 'failed' | null;
  readonly dedupe: string | null;
}

function toNotification({ workspaceId: _w, ...row }: typeof notifications.$inferSelect): NotificationRow {
  return { ...row, at: iso(row.at), emailState: row.emailState as NotificationRow['emailState'] };
}

export async function insertNotificationRows(db: Db, workspaceId: string, rows: readonly NotificationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(notifications).values(rows.map((r) => ({ workspaceId, ...r, details: { ...r.details } })));
}

/** The dedupe keys among `keys` a person already has a notification for. */
export async function seenDedupes(db: Db, workspaceId: string, userName: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ dedupe: notifications.dedupe })
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userName, userName), inArray(notifications.dedupe, [...keys])));
  return new Set(rows.map((r) => r.dedupe ?? ''));
}

export async function listNotificationRows(db: Db, workspaceId: string, userName: string, limit: number): Promise<NotificationRow[]> {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userName, userName)))
    .orderBy(desc(notifications.at), desc(notifications.id))
    .limit(limit);
  return rows.map(toNotification);
}

export async function countUnread(db: Db, workspaceId: string, userName: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userName, userName), eq(notifications.read, false)));
  return Number(row?.n ?? 0);
}

/** Marks a person's notifications read: the ids given, or all of them; how many changed. */
export async function markRead(db: Db, workspaceId: string, userName: string, ids: readonly string[] | null): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ read: true })
    .where(
      and(
        eq(notifications.workspaceId, workspaceId),
        eq(notifications.userName, userName),
        eq(notifications.read, false),
        ids ? inArray(notifications.id, ids.length > 0 ? [...ids] : ['']) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

/** Notifications waiting to be e-mailed, oldest first, with their person's address. */
export async function pendingEmails(db: Db, workspaceId: string, limit: number): Promise<(NotificationRow & { email: string | null; displayName: string | null })[]> {
  const rows = await db
    .select({ n: notifications, email: users.email, displayName: users.displayName })
    .from(notifications)
    .leftJoin(users, and(eq(users.workspaceId, notifications.workspaceId), eq(users.name, notifications.userName)))
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.emailState, 'pending')))
    .orderBy(asc(notifications.at), asc(notifications.id))
    .limit(limit);
  return rows.map((r) => ({ ...toNotification(r.n), email: r.email, displayName: r.displayName }));
}

export async function setEmailState(db: Db, workspaceId: string, id: string, state: 'sent' | 'failed'): Promise<void> {
  await db
    .update(notifications)
    .set({ emailState: state })
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.id, id), eq(notifications.emailState, 'pending')));
}

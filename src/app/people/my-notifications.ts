import { invalidInput, unauthenticated } from '../../core/errors.ts';
import { emailKindsOf, isNotificationKind, NOTIFICATION_KINDS } from '../../core/people/notification-kinds.ts';
import { countUnread, listNotificationRows, markRead } from '../../store/people-rows.ts';
import { lockWorkspace } from '../../store/record-rows.ts';
import type { Db } from '../../store/store.ts';
import { findUser, updateUser } from '../../store/user-rows.ts';
import type { Session } from '../session.ts';

/** One notification in a person's inbox (`GET /api/v1/me/notifications`). */
export interface NotificationView {
  readonly id: string;
  readonly kind: string;
  /** The record it is about, or null (an alert without one). */
  readonly record: string | null;
  /** Who acted (`alerts` for an alert pass). */
  readonly by: string;
  readonly at: string;
  readonly text: string;
  readonly read: boolean;
  readonly details: Readonly<Record<string, unknown>>;
}

function me(session: Session): string {
  if (session.guest) throw unauthenticated(`${session.actor} is not a user of this workspace: sign in to see notifications`);
  return session.actor;
}

/** The session's person's notifications, newest first, and how many are unread. */
export async function myNotifications(session: Session, options: { limit?: number | undefined } = {}): Promise<{ items: NotificationView[]; unread: number }> {
  const name = me(session);
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalidInput(`limit must be a whole number from 1 to 500, not ${limit}`, { field: 'limit' });
  const rows = await listNotificationRows(session.store.db, session.workspaceId, name, limit);
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind, record: r.recordKey, by: r.by, at: r.at, text: r.text, read: r.read, details: r.details })),
    unread: await countUnread(session.store.db, session.workspaceId, name),
  };
}

/** Marks the session's person's notifications read: the ids given, or every one; says how many changed and how many stay unread. */
export async function markNotificationsRead(session: Session, ids?: readonly string[]): Promise<{ marked: number; unread: number }> {
  const name = me(session);
  const marked = await markRead(session.store.db, session.workspaceId, name, ids ?? null);
  return { marked, unread: await countUnread(session.store.db, session.workspaceId, name) };
}

export interface NotificationSettings {
  readonly email: string | null;
  /** The kinds e-mailed to the person. */
  readonly emailKinds: readonly string[];
  /** Every kind there is. */
  readonly kinds: readonly string[];
}

/** The session's person's notification settings. */
export async function notificationSettings(session: Session): Promise<NotificationSettings> {
  const user = await findUser(session.store.db, session.workspaceId, me(session));
  return { email: user?.email ?? null, emailKinds: emailKindsOf(user?.emailKinds ?? null), kinds: NOTIFICATION_KINDS };
}

/** Chooses which kinds of notification are e-mailed to oneself (a personal setting: anyone may change their own). */
export async function setNotificationSettings(session: Session, input: { emailKinds: readonly string[] }): Promise<NotificationSettings> {
  const name = me(session);
  const bad = input.emailKinds.filter((k) => !isNotificationKind(k));
  if (bad.length > 0) throw invalidInput(`${bad.map((b) => `'${b}'`).join(', ')} not a notification kind (${NOTIFICATION_KINDS.join(', ')})`, { field: 'emailKinds', value: bad });
  const kinds = NOTIFICATION_KINDS.filter((k) => input.emailKinds.includes(k));
  await session.store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockWorkspace(db, session.workspaceId);
    if (!(await updateUser(db, session.workspaceId, name, { emailKinds: [...kinds], updatedAt: session.clock().toISOString() })))
      throw unauthenticated(`${name} is not a user of this workspace`);
  });
  return notificationSettings(session);
}

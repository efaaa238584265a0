import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Comments on records, who watches a record, and each person's notifications (ADR 071, 072).

export const comments = pgTable(
  'comments',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    recordId: text('record_id').notNull(),
    author: text('author').notNull(),
    /** Markdown as written. */
    body: text('body').notNull(),
    /** Earlier bodies, oldest first, each with when it was replaced and by whom. */
    history: jsonb('history').$type<{ body: string; at: string; by: string }[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('comments_record').on(t.workspaceId, t.recordId, t.createdAt)],
);

export const watchers = pgTable(
  'watchers',
  {
    workspaceId: text('workspace_id').notNull(),
    recordId: text('record_id').notNull(),
    userName: text('user_name').notNull(),
    /** Why: author, assignee, mention, watch. */
    reason: text('reason').notNull(),
    since: timestamp('since', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.recordId, t.userName] }), index('watchers_user').on(t.workspaceId, t.userName)],
);

export const notifications = pgTable(
  'notifications',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    userName: text('user_name').notNull(),
    /** mention, comment, assignment, move_refused, signature_requested, review_sla, blocked, alert. */
    kind: text('kind').notNull(),
    recordKey: text('record_key'),
    by: text('by').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    /** One line saying what happened. */
    text: text('text').notNull(),
    /** Where to go: a record key or an alert. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    read: boolean('read').notNull(),
    /** pending: to be e-mailed by the next alert pass; sent, failed; null: not e-mailed. */
    emailState: text('email_state'),
    /** The same event never notifies the same person twice (alert passes repeat). */
    dedupe: text('dedupe'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('notifications_user').on(t.workspaceId, t.userName, t.at),
    index('notifications_dedupe').on(t.workspaceId, t.userName, t.dedupe),
  ],
);

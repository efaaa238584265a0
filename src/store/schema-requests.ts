import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// What makes a retried request safe: the answers of writes sent with an Idempotency-Key, and the
// webhook deliveries already taken (ADR 053).

/**
 * One write request sent with an `Idempotency-Key`, per workspace and actor. Claimed (no status
 * yet) before the write runs, marked `committed_at` inside the write's own transaction, and
 * given its answer once the answer is known; kept 24 hours.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: text('workspace_id').notNull(),
    actor: text('actor').notNull(),
    key: text('key').notNull(),
    /** `POST /api/v1/databases/changes/records`: the same key on another route is refused. */
    route: text('route').notNull(),
    /** sha256 of the method, route and body: the same key with another body is refused. */
    requestHash: text('request_hash').notNull(),
    /** The process running the request (`{pid, host, started, boot}`), to tell a crashed one. */
    owner: text('owner').notNull(),
    committedAt: timestamp('committed_at', { withTimezone: true, mode: 'string' }),
    status: integer('status'),
    contentType: text('content_type'),
    response: text('response'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.actor, t.key] }), index('idempotency_keys_created').on(t.workspaceId, t.createdAt)],
);

/** Webhook deliveries taken, by their delivery id (GitHub's X-GitHub-Delivery): a replay is ignored. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    workspaceId: text('workspace_id').notNull(),
    deliveryId: text('delivery_id').notNull(),
    event: text('event').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.deliveryId] })],
);

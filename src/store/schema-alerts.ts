import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Alerts (docs/alerts.md): the pack's rules as the workspace loaded them, the workspace's
// notification channels, each alert instance's state, and the notification outbox with its
// delivery log. Every key starts with workspace_id.

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** The pack's alert rules (`alerts/*.yaml`), in pack order, as the workspace loaded them. */
export const alertRules = pgTable(
  'alert_rules',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** Where notifications go: workspace configuration, never pack content. Secrets are env var names only. */
export const alertChannels = pgTable(
  'alert_channels',
  {
    workspaceId: text('workspace_id').notNull(),
    name: text('name').notNull(),
    /** webhook | email */
    kind: text('kind').notNull(),
    /** webhook: {url, secretEnv?}; email: {to, host, port, from, user?, passwordEnv?}. */
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    createdAt: at('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

/** One alert instance: a rule firing (or resolved) for one subject, at a level. */
export const alertInstances = pgTable(
  'alert_instances',
  {
    workspaceId: text('workspace_id').notNull(),
    ruleId: text('rule_id').notNull(),
    /** What fires: a record key, a PR and SLA, or '' for a metric rule. */
    subject: text('subject').notNull(),
    /** rule + subject + level, hashed: a new fingerprint for the same subject is an escalation. */
    fingerprint: text('fingerprint').notNull(),
    level: integer('level').notNull(),
    /** firing | resolved */
    state: text('state').notNull(),
    label: text('label').notNull(),
    link: text('link'),
    message: text('message').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    since: at('since').notNull(),
    changedAt: at('changed_at').notNull(),
    lastNotifiedAt: at('last_notified_at'),
    resolvedAt: at('resolved_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.ruleId, t.subject] }), index('alert_instances_state').on(t.workspaceId, t.state)],
);

/** The outbox: one notification per event and channel, claimed by one pass, sent after commit. */
export const alertNotifications = pgTable(
  'alert_notifications',
  {
    workspaceId: text('workspace_id').notNull(),
    id: uuid('id').notNull(),
    ruleId: text('rule_id').notNull(),
    subject: text('subject').notNull(),
    /** firing | escalated | repeat | resolved | test */
    event: text('event').notNull(),
    channel: text('channel').notNull(),
    /** The notification as sent (the webhook body; the email is rendered from it). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** pending | sending | sent | failed | skipped | dead */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    createdAt: at('created_at').notNull(),
    /** When a pending or failed notification is next due. */
    nextAttemptAt: at('next_attempt_at'),
    /** A claim by a pass that sends it; past this, another pass may take it over. */
    claimedUntil: at('claimed_until'),
    sentAt: at('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('alert_notifications_due').on(t.workspaceId, t.status, t.nextAttemptAt)],
);

/** The delivery log: every attempt, with the HTTP status or SMTP response and any error. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    workspaceId: text('workspace_id').notNull(),
    notificationId: uuid('notification_id').notNull(),
    attempt: integer('attempt').notNull(),
    channel: text('channel').notNull(),
    /** sent | failed | skipped */
    status: text('status').notNull(),
    statusCode: integer('status_code'),
    response: text('response'),
    error: text('error'),
    at: at('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.notificationId, t.attempt] })],
);

/**
 * One row per tick of a scheduled job (the alert pass, the audit verification) that some
 * `eos serve` process claimed: the first process to insert the tick runs it, the others on the
 * same database skip it, so several servers run one pass per tick (docs/deploy.md).
 */
export const scheduleTicks = pgTable(
  'schedule_ticks',
  {
    workspaceId: text('workspace_id').notNull(),
    /** alert-pass | audit-check */
    job: text('job').notNull(),
    /** The cron occurrence the tick stands for. */
    tick: at('tick').notNull(),
    /** Who ran it: host and process id. */
    claimedBy: text('claimed_by').notNull(),
    claimedAt: at('claimed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.job, t.tick] })],
);

import { doublePrecision, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Monitor signals from `eos ingest events` (src/core/monitors/monitor-events.ts): SLO samples,
 * job failures, spend, quota samples and incident acknowledgements, one row each, keyed by
 * kind and id. The alert pass reads them by kind and time.
 */
export const monitorEvents = pgTable(
  'monitor_events',
  {
    workspaceId: text('workspace_id').notNull(),
    kind: text('kind').notNull(),
    id: text('id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    /** The service, job, account or incident the event is about. */
    subject: text('subject'),
    service: text('service'),
    metric: text('metric'),
    value: doublePrecision('value'),
    quotaLimit: doublePrecision('quota_limit'),
    actor: text('actor'),
    detail: text('detail'),
    /** The entry as ingested: equal digests mean nothing changed. */
    digest: text('digest').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.id] }), index('monitor_events_kind_at').on(t.workspaceId, t.kind, t.at)],
);

import { sql } from 'drizzle-orm';
import type { MonitorEventKind, MonitorEventRow } from '../core/monitors/monitor-events.ts';
import type { Db } from './store.ts';

// SQL over monitor_events (schema-monitors.ts). Bulk writes pass a batch as one JSON parameter.

const BATCH = 2000;

export type StoredMonitorEvent = MonitorEventRow & { readonly digest: string };

/** The stored digest of each (kind, id) given, keyed `kind/id`. */
export async function storedMonitorDigests(db: Db, workspaceId: string, keys: readonly { kind: MonitorEventKind; id: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += BATCH) {
    const chunk = JSON.stringify(keys.slice(i, i + BATCH));
    const result = (await db.execute(sql`
      select t.kind, t.id, t.digest from jsonb_to_recordset(${chunk}::jsonb) as x(kind text, id text)
      cross join lateral (select kind, id, digest from monitor_events where workspace_id = ${workspaceId} and kind = x.kind and id = x.id offset 0) t`)) as unknown as {
      rows: { kind: string; id: string; digest: string }[];
    };
    for (const r of result.rows) out.set(`${r.kind}/${r.id}`, r.digest);
  }
  return out;
}

/** Inserts monitor events, replacing any stored with the same kind and id. */
export async function upsertMonitorEvents(db: Db, workspaceId: string, rows: readonly StoredMonitorEvent[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = JSON.stringify(rows.slice(i, i + BATCH));
    await db.execute(sql`
      insert into monitor_events (workspace_id, kind, id, at, subject, service, metric, value, quota_limit, actor, detail, digest)
      select ${workspaceId}, kind, id, at, subject, service, metric, value, quota_limit, actor, detail, digest
      from jsonb_to_recordset(${batch}::jsonb) as x(kind text, id text, at timestamptz, subject text, service text, metric text,
        value double precision, quota_limit double precision, actor text, detail text, digest text)
      on conflict (workspace_id, kind, id) do update set at = excluded.at, subject = excluded.subject, service = excluded.service,
        metric = excluded.metric, value = excluded.value, quota_limit = excluded.quota_limit, actor = excluded.actor,
        detail = excluded.detail, digest = excluded.digest`);
  }
}

/**
 * The monitor events of a kind at or after `since` (and before `until` when given), oldest first.
 *
 * @example await monitorEventsSince(db, ws, 'jobFailures', '2026-01-10T08:00:00.000Z')
 */
export async function monitorEventsSince(db: Db, workspaceId: string, kind: MonitorEventKind, since: string, until?: string): Promise<MonitorEventRow[]> {
  const result = (await db.execute(sql`
    select kind, id, at, subject, service, metric, value, quota_limit, actor, detail from monitor_events
    where workspace_id = ${workspaceId} and kind = ${kind} and at >= ${since}::timestamptz
      ${until === undefined ? sql`` : sql`and at < ${until}::timestamptz`}
    order by at, id`)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows.map((r) => ({
    kind: r.kind as MonitorEventKind,
    id: String(r.id),
    at: new Date(r.at as string | Date).toISOString(),
    subject: (r.subject as string | null) ?? null,
    service: (r.service as string | null) ?? null,
    metric: (r.metric as string | null) ?? null,
    value: r.value == null ? null : Number(r.value),
    quota_limit: r.quota_limit == null ? null : Number(r.quota_limit),
    actor: (r.actor as string | null) ?? null,
    detail: (r.detail as string | null) ?? null,
  }));
}

export interface UnacknowledgedIncident {
  readonly id: string;
  readonly title: string | null;
  readonly severity: string | null;
  readonly createdAt: string;
}

/**
 * Open incidents of these severities (case-insensitive) created before `createdBefore` that no
 * acknowledgement names. Only once the workspace has ingested some acknowledgement: before
 * that it has no source of them, and every open incident would look unacknowledged.
 */
export async function unacknowledgedIncidents(db: Db, workspaceId: string, severities: readonly string[], createdBefore: string): Promise<UnacknowledgedIncident[]> {
  const result = (await db.execute(sql`
    select i.id, i.title, i.severity, i.created_at from delivery_incidents i
    where i.workspace_id = ${workspaceId} and i.resolved_at is null and i.created_at < ${createdBefore}::timestamptz
      and upper(i.severity) = any(array(select upper(jsonb_array_elements_text(${JSON.stringify(severities)}::jsonb))))
      and not exists (select 1 from monitor_events a where a.workspace_id = i.workspace_id and a.kind = 'incidentAcks' and a.id = i.id)
      and exists (select 1 from monitor_events a where a.workspace_id = ${workspaceId} and a.kind = 'incidentAcks')
    order by i.created_at, i.id`)) as unknown as { rows: { id: string; title: string | null; severity: string | null; created_at: string | Date }[] };
  return result.rows.map((r) => ({ id: r.id, title: r.title, severity: r.severity, createdAt: new Date(r.created_at).toISOString() }));
}

/** The project of each incident created in [since, until), one entry per incident (null: none given). */
export async function incidentProjectsBetween(db: Db, workspaceId: string, since: string, until: string): Promise<(string | null)[]> {
  const result = (await db.execute(sql`
    select project from delivery_incidents
    where workspace_id = ${workspaceId} and created_at >= ${since}::timestamptz and created_at < ${until}::timestamptz`)) as unknown as { rows: { project: string | null }[] };
  return result.rows.map((r) => r.project);
}

import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { StoredAlertInstance } from '../core/alerts/diff-alerts.ts';
import { alertInstances } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

const isoOrNull = (v: string | null) => (v === null ? null : iso(v));

// An instance's people are kept in its details row (under `people`), which needs no column of their own.
function toInstance({ workspaceId: _w, ...row }: typeof alertInstances.$inferSelect): StoredAlertInstance {
  const { people, ...details } = (row.details ?? {}) as Record<string, unknown>;
  return {
    ...row,
    details,
    ...(Array.isArray(people) ? { people: people.map(String) } : {}),
    state: row.state as StoredAlertInstance['state'],
    since: iso(row.since),
    changedAt: iso(row.changedAt),
    lastNotifiedAt: isoOrNull(row.lastNotifiedAt),
    resolvedAt: isoOrNull(row.resolvedAt),
  };
}

/** The workspace's alert instances; only the firing ones unless `all`. Newest change first. */
export async function listInstanceRows(db: Db, workspaceId: string, options: { all?: boolean } = {}): Promise<StoredAlertInstance[]> {
  const rows = await db
    .select()
    .from(alertInstances)
    .where(and(eq(alertInstances.workspaceId, workspaceId), options.all ? undefined : eq(alertInstances.state, 'firing')))
    .orderBy(desc(alertInstances.changedAt), alertInstances.ruleId, alertInstances.subject);
  return rows.map(toInstance);
}

/** Writes instances as a pass left them (insert, or update the row of the same rule and subject). */
export async function saveInstanceRows(db: Db, workspaceId: string, instances: readonly StoredAlertInstance[]): Promise<void> {
  for (const i of instances) {
    const { people, ...instance } = i;
    const values = { workspaceId, ...instance, details: (people && people.length > 0 ? { ...i.details, people } : i.details) as Record<string, unknown> };
    const { workspaceId: _w, ruleId: _r, subject: _s, ...set } = values;
    await db
      .insert(alertInstances)
      .values(values)
      .onConflictDoUpdate({ target: [alertInstances.workspaceId, alertInstances.ruleId, alertInstances.subject], set });
  }
}

/** How many instances fire, by rule (the Prometheus gauge). */
export async function firingCounts(db: Db, workspaceId: string): Promise<{ ruleId: string; count: number }[]> {
  const rows = await db
    .select({ ruleId: alertInstances.ruleId, count: sql<number>`count(*)::int` })
    .from(alertInstances)
    .where(and(eq(alertInstances.workspaceId, workspaceId), eq(alertInstances.state, 'firing')))
    .groupBy(alertInstances.ruleId);
  return rows.map((r) => ({ ruleId: r.ruleId, count: Number(r.count) }));
}

/**
 * The flags among `names` that are on: those whose alert rule has an instance firing (ADR 058).
 *
 * @example await firingFlags(db, ws, ['quota-breaker']) // Set { 'quota-breaker' } while it fires
 */
export async function firingFlags(db: Db, workspaceId: string, names: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ ruleId: alertInstances.ruleId })
    .from(alertInstances)
    .where(and(eq(alertInstances.workspaceId, workspaceId), eq(alertInstances.state, 'firing'), inArray(alertInstances.ruleId, [...names])));
  return new Set(rows.map((r) => r.ruleId));
}

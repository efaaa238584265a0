import { firingCounts } from '../store/alert-instance-rows.ts';
import { loadAlertRules } from '../store/alert-rule-rows.ts';
import { type MigrationState, migrationStatus } from '../store/migration-status.ts';
import { statusCounts } from '../store/record-rows.ts';
import type { Store } from '../store/store.ts';

// Reads about a store and a workspace that need no session: the server's health and gauges,
// `eos migrate --status`, and whether `eos serve` must create its workspace first.

/** Every migration the package ships, and whether (and when) this store applied it. */
export async function listMigrations(store: Store): Promise<MigrationState[]> {
  return migrationStatus(store.db);
}

export interface StatusCount {
  readonly database: string;
  readonly status: string;
  readonly count: number;
}

/** Records per database and status (the `eos_records` gauge). */
export async function recordCountsByStatus(store: Store, workspaceId: string): Promise<StatusCount[]> {
  return statusCounts(store.db, workspaceId);
}

export interface FiringCount {
  readonly rule: string;
  readonly severity: string;
  readonly firing: number;
}

/** Every alert rule with how many of its instances fire, 0 when quiet (the `eos_alerts_firing` gauge). */
export async function firingByRule(store: Store, workspaceId: string): Promise<FiringCount[]> {
  const counts = new Map((await firingCounts(store.db, workspaceId)).map((c) => [c.ruleId, c.count]));
  return (await loadAlertRules(store.db, workspaceId)).map((r) => ({ rule: r.id, severity: r.severity, firing: counts.get(r.id) ?? 0 }));
}

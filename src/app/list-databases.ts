import { statusCounts } from '../store/record-rows.ts';
import type { Session } from './session.ts';

/** One database as the database list shows it. */
export interface DatabaseSummary {
  readonly id: string;
  readonly name: string;
  /** The pack folder the database comes from, where the pack says; else null. */
  readonly module: string | null;
  readonly prefix?: string;
  readonly statusField: string;
  readonly statuses: readonly string[];
  readonly count: number;
}

/** The workspace's databases in pack order, each with how many records it holds (one query). */
export async function listDatabases(session: Session): Promise<DatabaseSummary[]> {
  const counts = new Map<string, number>();
  for (const c of await statusCounts(session.store.db, session.workspaceId)) counts.set(c.database, (counts.get(c.database) ?? 0) + c.count);
  return [...session.databases.values()].map((d) => ({
    id: d.id,
    name: d.name,
    module: d.module ?? null,
    ...(d.role ? { role: d.role } : {}),
    ...('prefix' in d.key ? { prefix: d.key.prefix } : {}),
    statusField: d.status.field,
    statuses: d.status.values,
    count: counts.get(d.id) ?? 0,
  }));
}

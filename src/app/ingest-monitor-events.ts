import { createHash } from 'node:crypto';
import { MONITOR_EVENT_KINDS, type MonitorEventKind, type MonitorEvents, monitorEventRows } from '../core/monitors/monitor-events.ts';
import { type StoredMonitorEvent, storedMonitorDigests, upsertMonitorEvents } from '../store/monitor-event-rows.ts';
import type { Db } from '../store/store.ts';
import type { IngestCounts } from './ingest-events.ts';

const digestOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/**
 * Stores a validated batch's monitor events (inside ingestEvents' transaction) and counts, per
 * kind the batch carries, the rows new, changed and already stored as given.
 *
 * @example await writeMonitorEvents(db, ws, batch) // { quota: { inserted: 1, updated: 0, unchanged: 0 } }
 */
export async function writeMonitorEvents(db: Db, workspaceId: string, events: MonitorEvents): Promise<Partial<Record<MonitorEventKind, IngestCounts>>> {
  const rows: StoredMonitorEvent[] = monitorEventRows(events).map((r) => ({ ...r, digest: digestOf(r) }));
  if (rows.length === 0) return {};
  const stored = await storedMonitorDigests(db, workspaceId, rows);
  const counts = new Map<MonitorEventKind, { inserted: number; updated: number; unchanged: number }>();
  const written: StoredMonitorEvent[] = [];
  for (const r of rows) {
    const c = counts.get(r.kind) ?? { inserted: 0, updated: 0, unchanged: 0 };
    counts.set(r.kind, c);
    const before = stored.get(`${r.kind}/${r.id}`);
    if (before === r.digest) c.unchanged++;
    else {
      if (before === undefined) c.inserted++;
      else c.updated++;
      written.push(r);
    }
  }
  await upsertMonitorEvents(db, workspaceId, written);
  return Object.fromEntries(MONITOR_EVENT_KINDS.filter((k) => counts.has(k)).map((k) => [k, counts.get(k)]));
}

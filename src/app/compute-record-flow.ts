import { type FlowRecord, type RecordFlowMetrics, recordFlowMetrics } from '../core/metrics/record-flow-metrics.ts';
import { outgoingLinks } from '../store/link-rows.ts';
import { listRecordRows, recordsByIds } from '../store/record-rows.ts';
import { type MetricsOptions, metricsWindow } from './compute-metrics.ts';
import type { Session } from './session.ts';

/**
 * The record-based flow metrics of the engineering-os pack over a window (WIP, stale and
 * blocked work items now; P1/P2 incidents, retros and their action items in the window).
 * Null when the workspace's pack has no Work Items database.
 *
 * @example await computeRecordFlow(session, { from: '2026-04-01', to: '2026-06-30' })
 */
export async function computeRecordFlow(session: Session, options: Pick<MetricsOptions, 'from' | 'to'>): Promise<RecordFlowMetrics | null> {
  if (!session.databases.has('work-items')) return null;
  const window = metricsWindow(session, options);
  const db = session.store.db;
  const ws = session.workspaceId;
  const read = async (database: string) => (session.databases.has(database) ? listRecordRows(db, ws, { database }) : []);
  const retros = await read('retros');
  const links = (
    await outgoingLinks(
      db,
      ws,
      retros.map((r) => r.id),
    )
  ).filter((l) => l.field === 'Action Items');
  const actions = new Map((await recordsByIds(db, ws, [...new Set(links.map((l) => l.toId))])).map((a) => [a.id, a]));
  const keyOf = new Map(retros.map((r) => [r.id, r.key]));
  const retroActions = new Map<string, FlowRecord[]>();
  for (const l of links) {
    const retro = keyOf.get(l.fromId);
    const action = actions.get(l.toId);
    if (retro && action) retroActions.set(retro, [...(retroActions.get(retro) ?? []), action]);
  }
  return recordFlowMetrics({
    now: session.clock().toISOString(),
    ...window,
    workItems: await read('work-items'),
    incidents: await read('incidents'),
    retros,
    retroActions,
  });
}

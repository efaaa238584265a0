import { WORKSPACE_SCOPE } from '../../core/metrics/gate-metric.ts';
import { meetsThreshold, metricUnit, type Target } from '../../core/pack/target-schema.ts';
import type { RitualOccurrence } from '../../core/rituals/ritual-occurrence.ts';
import type { PeriodMetrics, RitualSnapshot, SnapshotTarget } from '../../core/rituals/ritual-snapshot.ts';
import { computeDeliveryMetrics } from '../compute-metrics.ts';
import { controlCenter } from '../control-center.ts';
import { gateMetricKey, gateMetricValues } from '../gate-metric-values.ts';
import { listTargets } from '../list-targets.ts';
import { periodMetrics } from '../period-metrics.ts';
import type { Session } from '../session.ts';
import { weeklyDelivery } from '../weekly-delivery.ts';

/** How many blocked, stale and breach lines a snapshot keeps (the newest). */
export const SNAPSHOT_LIST_LIMIT = 50;

const DAY = 86_400_000;

/** The session as of a moment: every read below measures up to `at`. */
const asOf = (session: Session, at: Date): Session => ({ ...session, clock: () => at });

async function measurePeriod(session: Session, from: string, to: string): Promise<{ metrics: PeriodMetrics; breaches: RitualSnapshot['slaBreaches'] }> {
  const m = await computeDeliveryMetrics(session, { from, to });
  return {
    metrics: periodMetrics(m),
    breaches: m.reviewSla.breaches.slice(0, SNAPSHOT_LIST_LIMIT).map((b) => ({ prId: b.prId, project: b.project, kind: b.kind, businessMinutes: b.businessMinutes })),
  };
}

const toSnapshotTarget = (t: Target, window: string, actual: number | null): SnapshotTarget => ({
  id: t.id,
  name: t.name,
  metric: t.metric,
  window,
  unit: metricUnit(t.metric),
  threshold: t.threshold,
  actual,
  met: actual === null ? null : meetsThreshold(actual, t.threshold),
  ...(t.seed ? { seed: t.seed } : {}),
});

/** Each target (or guardrail) measured over `window` (its own when omitted) ending at `end`. */
async function measure(session: Session, end: Date, targets: readonly Target[], window?: string): Promise<SnapshotTarget[]> {
  const wanted = targets.map((t) => ({ name: t.metric, window: window ?? t.window, scope: t.scope ?? WORKSPACE_SCOPE }));
  const values = await gateMetricValues(session.store.db, session, end, wanted);
  return targets.map((t, i) => {
    const w = wanted[i] ?? { name: t.metric, window: t.window };
    const found = values.get(gateMetricKey(w.name, w.window, t.scope));
    return toSnapshotTarget(t, w.window, found && 'value' in found ? found.value : null);
  });
}

/** The records blocked and stale now (the control center's tiles), cut to the list limit. */
async function openWork(session: Session): Promise<Pick<RitualSnapshot, 'blocked' | 'stale'>> {
  const cc = await controlCenter(session);
  return {
    blocked: cc.blockedMoves.slice(0, SNAPSHOT_LIST_LIMIT).map((b) => ({ key: b.key, title: b.title, database: b.database, to: b.to, unmet: b.unmet.map((u) => u.message) })),
    stale: cc.stale.slice(0, SNAPSHOT_LIST_LIMIT).map((s) => ({ key: s.key, title: s.title, database: s.database, status: s.status, reason: s.reason })),
  };
}

/**
 * The weekly delivery review's snapshot: the reviewed week's four keys and PR stages, the
 * `trendWeeks` weeks up to it, every target against its actual at the week's end, and the
 * blocked and stale records and review-SLA breaches.
 */
export async function weeklySnapshot(session: Session, ritual: { id: string; trendWeeks: number }, occ: RitualOccurrence): Promise<RitualSnapshot> {
  const end = new Date(Date.parse(occ.to) - 1);
  const at = asOf(session, end);
  const trend = (await weeklyDelivery(at, { weeks: ritual.trendWeeks, to: end.toISOString() })).weeks.map(({ weekStart: _, ...w }) => w);
  const { metrics, breaches } = await measurePeriod(at, occ.from, end.toISOString());
  const targets = (await listTargets(at, { periods: 0 })).targets.map((t) => toSnapshotTarget(t, t.window, t.actual));
  return {
    ritual: ritual.id,
    kind: 'weekly-delivery-review',
    occurrence: occ.id,
    from: occ.from,
    to: occ.to,
    metrics,
    trend,
    targets,
    guardrails: [],
    ...(await openWork(at)),
    slaBreaches: breaches,
  };
}

/**
 * The quarter review's snapshot: the quarter's numbers, its weeks, every target measured over
 * the whole quarter and every guardrail over its own window, both ending at the quarter's end.
 */
export async function quarterSnapshot(
  session: Session,
  ritual: { id: string; guardrails: readonly Target[] },
  occ: RitualOccurrence,
  targets: readonly Target[],
): Promise<RitualSnapshot> {
  const end = new Date(Date.parse(occ.to) - 1);
  const at = asOf(session, end);
  const days = Math.round((Date.parse(occ.to) - Date.parse(occ.from)) / DAY);
  const weeks = Math.ceil(days / 7);
  const trend = (await weeklyDelivery(at, { weeks, to: end.toISOString() })).weeks.map(({ weekStart: _, ...w }) => w);
  const { metrics, breaches } = await measurePeriod(at, occ.from, end.toISOString());
  return {
    ritual: ritual.id,
    kind: 'quarter-review',
    occurrence: occ.id,
    from: occ.from,
    to: occ.to,
    metrics,
    trend,
    targets: await measure(at, new Date(occ.to), targets, `${days}d`),
    guardrails: await measure(at, new Date(occ.to), ritual.guardrails),
    blocked: [],
    stale: [],
    slaBreaches: breaches,
  };
}

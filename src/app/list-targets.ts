import { invalidInput } from '../core/errors.ts';
import { type MetricScope, windowMs } from '../core/metrics/gate-metric.ts';
import { meetsThreshold, metricUnit, type Target, type TargetUnit } from '../core/pack/target-schema.ts';
import { loadTargets } from '../store/target-settings.ts';
import { type GateMetricValue, gateMetricKey, gateMetricValues } from './gate-metric-values.ts';
import type { Session } from './session.ts';

/** One window's value of a target's metric. */
export interface TargetPoint {
  readonly from: string;
  readonly to: string;
  readonly value: number | null;
}

/** A target against its actual: met or not, and how it went over the windows before. */
export interface TargetStatus extends Target {
  readonly unit: TargetUnit;
  /** The metric over the window ending now; null with a `reason` when it has no data. */
  readonly actual: number | null;
  readonly reason?: string;
  /** Whether the actual meets the threshold; null without data. */
  readonly met: boolean | null;
  /** The actual over the current window and the `periods` windows before it, oldest first (the last is `actual`). */
  readonly trend: readonly TargetPoint[];
}

export interface ListTargetsOptions {
  /** How many earlier windows the trend shows (default 4, at most 12). */
  readonly periods?: number | undefined;
}

export const DEFAULT_TREND_PERIODS = 4;
export const MAX_TREND_PERIODS = 12;

const numberOf = (found: GateMetricValue | undefined): number | null => (found && 'value' in found ? found.value : null);

/**
 * Each of the pack's targets against its actual now, met or missed, with the same metric over
 * the windows before (a 30-day target's trend is the four 30-day windows before this one). Each
 * (metric, window, scope) is computed once per window end, by the same computation as
 * `eos metrics` and `metric()` in gates.
 *
 * @example (await listTargets(session)).targets[0] // { id: 'pr-cycle-time', actual: 1310, met: true, trend: [...] }
 */
export async function listTargets(session: Session, options: ListTargetsOptions = {}): Promise<{ at: string; targets: TargetStatus[] }> {
  const periods = options.periods ?? DEFAULT_TREND_PERIODS;
  if (!Number.isInteger(periods) || periods < 0 || periods > MAX_TREND_PERIODS) {
    throw invalidInput(`periods must be a whole number from 0 to ${MAX_TREND_PERIODS}, not ${periods}`, { periods });
  }
  const now = session.clock();
  const targets = await loadTargets(session.store.db, session.workspaceId);
  const windows = new Map(targets.map((t) => [t.id, windowMs(t.window) ?? 0]));
  // Window ends, newest first: now, then one window earlier each time (per target's own window).
  const values: Map<string, GateMetricValue>[] = [];
  for (let k = 0; k <= periods; k++) {
    const byEnd = new Map<number, { name: string; window: string; scope: MetricScope }[]>();
    for (const t of targets) {
      const end = now.getTime() - k * (windows.get(t.id) ?? 0);
      byEnd.set(end, [...(byEnd.get(end) ?? []), { name: t.metric, window: t.window, scope: t.scope }]);
    }
    const merged = new Map<string, GateMetricValue>();
    for (const [end, wanted] of byEnd) {
      for (const [key, value] of await gateMetricValues(session.store.db, session, new Date(end), wanted)) merged.set(`${end} ${key}`, value);
    }
    values.push(merged);
  }
  return { at: now.toISOString(), targets: targets.map((t) => targetStatus(t, now, periods, windows.get(t.id) ?? 0, values)) };
}

function targetStatus(t: Target, now: Date, periods: number, ms: number, values: readonly Map<string, GateMetricValue>[]): TargetStatus {
  const key = gateMetricKey(t.metric, t.window, t.scope);
  const at = (k: number) => values[k]?.get(`${now.getTime() - k * ms} ${key}`);
  const trend: TargetPoint[] = [];
  for (let k = periods; k >= 0; k--) {
    const end = now.getTime() - k * ms;
    trend.push({ from: new Date(end - ms).toISOString(), to: new Date(end).toISOString(), value: numberOf(at(k)) });
  }
  const current = at(0);
  const actual = numberOf(current);
  return {
    ...t,
    unit: metricUnit(t.metric),
    actual,
    ...(current && 'reason' in current ? { reason: current.reason } : {}),
    met: actual === null ? null : meetsThreshold(actual, t.threshold),
    trend,
  };
}

import { invalidInput } from '../core/errors.ts';
import type { PeriodMetrics } from '../core/rituals/ritual-snapshot.ts';
import { computeDeliveryMetrics, type MetricsOptions, parseWindowEdge } from './compute-metrics.ts';
import { periodMetrics } from './period-metrics.ts';
import type { Session } from './session.ts';

/** One week (Monday 00:00 UTC to Sunday 23:59:59.999, the last one cut at `to`) of the four keys and the PR stages. */
export interface DeliveryWeek extends PeriodMetrics {
  readonly weekStart: string;
}

export interface WeeklyDelivery {
  readonly from: string;
  readonly to: string;
  readonly report: string;
  readonly weeks: readonly DeliveryWeek[];
}

export interface WeeklyOptions extends Omit<MetricsOptions, 'from'> {
  /** How many weeks, the last one holding `to` (default 12, at most 104). */
  readonly weeks?: number | undefined;
}

const DAY = 86_400_000;
export const MAX_WEEKS = 104;

/** The Monday 00:00 UTC of the week holding `t`. */
function mondayOf(t: number): number {
  const day = Math.floor(t / DAY) * DAY;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return day - weekday * DAY;
}

/**
 * The Metrics page's trend lines: each of the last `weeks` weeks computed by
 * computeDeliveryMetrics over that week alone, so every point is the same statistic as the
 * headline (deployment days, lower-median lead time, CFR, recovery, PR stage medians, SLA breaches).
 *
 * @example await weeklyDelivery(session, { weeks: 12, team: 'Feature Team A' })
 */
export async function weeklyDelivery(session: Session, options: WeeklyOptions): Promise<WeeklyDelivery> {
  const weeks = options.weeks ?? 12;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_WEEKS) throw invalidInput(`weeks must be a whole number from 1 to ${MAX_WEEKS}, not ${weeks}`, { weeks });
  const to = options.to ? parseWindowEdge(options.to, 'to') : session.clock().toISOString();
  const last = mondayOf(Date.parse(to));
  const out: DeliveryWeek[] = [];
  for (let i = weeks - 1; i >= 0; i--) {
    const start = last - i * 7 * DAY;
    const end = Math.min(start + 7 * DAY - 1, Date.parse(to));
    const from = new Date(start).toISOString();
    const m = await computeDeliveryMetrics(session, { ...options, from, to: new Date(end).toISOString() });
    out.push({ weekStart: from.slice(0, 10), ...periodMetrics(m), from });
  }
  return { from: out[0]?.from ?? to, to, report: options.report ?? '2023', weeks: out };
}

import type { GateMetricName } from '../core/metrics/gate-metric.ts';
import { windowMs } from '../core/metrics/gate-metric.ts';
import type { Db } from '../store/store.ts';
import { computeDeliveryMetricsIn, type DeliveryMetrics } from './compute-metrics.ts';
import type { Session } from './session.ts';

/** A metric's value, or why it has none (the criterion then fails to evaluate and says so). */
export type GateMetricValue = { readonly value: number } | { readonly reason: string };

const value = (v: number | null, reason: string | undefined): GateMetricValue => (v === null ? { reason: reason ?? 'no data in the window' } : { value: v });

/**
 * How each gate metric reads the delivery metrics. Counts are 0 with no data; so is the change
 * failure rate with no deployment (no deployment failed); medians have no value without data.
 */
const PICK: Record<GateMetricName, (m: DeliveryMetrics) => GateMetricValue> = {
  deployments: (m) => ({ value: m.changeFailureRate.deployments }),
  deployDays: (m) => ({ value: m.deploymentFrequency.deployDays }),
  medianDeployDaysPerWeek: (m) => ({ value: m.deploymentFrequency.medianDeployDaysPerWeek }),
  medianDeployDaysPerMonth: (m) => ({ value: m.deploymentFrequency.medianDeployDaysPerMonth }),
  leadTimeForChanges: (m) => value(m.leadTimeForChanges.medianMinutes, m.leadTimeForChanges.reason),
  changeFailureRate: (m) => ({ value: m.changeFailureRate.value ?? 0 }),
  failedDeployments: (m) => ({ value: m.changeFailureRate.failedDeployments }),
  recoveryTime: (m) => value(m.recoveryTime.medianMinutes, m.recoveryTime.reason),
  timeToRestore: (m) => value(m.recoveryTime.medianMinutes, m.recoveryTime.reason),
  prCycleTime: (m) => value(m.prCycleTime.medianMinutes, m.prCycleTime.reason),
  codingTime: (m) => value(m.prCycleTime.codingMinutes, m.prCycleTime.reason),
  pickupTime: (m) => value(m.prCycleTime.pickupMinutes, m.prCycleTime.reason),
  reviewTime: (m) => value(m.prCycleTime.reviewMinutes, m.prCycleTime.reason),
  deployTime: (m) => value(m.prCycleTime.deployMinutes, m.prCycleTime.reason),
  prSize: (m) => value(m.prCycleTime.medianPrSize, m.prCycleTime.reason),
  mergedPrs: (m) => ({ value: m.prCycleTime.prs }),
  firstReviewSlaBreaches: (m) => ({ value: m.reviewSla.firstReviewOver4h }),
  approvalSlaBreaches: (m) => ({ value: m.reviewSla.approvalOver24h }),
};

export const gateMetricKey = (name: string, window: string) => `${name}@${window}`;

/**
 * Computes each `metric(name, window)` a set of gates asks for, once, over the workspace's
 * events in the window ending `now`. `db` is the caller's connection or transaction.
 */
export async function gateMetricValues(
  db: Db,
  session: Session,
  now: Date,
  wanted: readonly { readonly name: string; readonly window: string }[],
): Promise<Map<string, GateMetricValue>> {
  const out = new Map<string, GateMetricValue>();
  const computed = new Map<string, DeliveryMetrics>();
  for (const { name, window } of wanted) {
    const key = gateMetricKey(name, window);
    const ms = windowMs(window);
    if (out.has(key) || ms === null) continue;
    const report = name === 'timeToRestore' ? '2021' : '2023';
    const cacheKey = `${window}/${report}`;
    let metrics = computed.get(cacheKey);
    if (!metrics) {
      metrics = await computeDeliveryMetricsIn(db, session, { from: new Date(now.getTime() - ms).toISOString(), to: now.toISOString(), report });
      computed.set(cacheKey, metrics);
    }
    out.set(key, PICK[name as GateMetricName](metrics));
  }
  return out;
}

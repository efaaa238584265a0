import { EosError } from '../core/errors.ts';
import { describeScope, type GateMetricName, type MetricScope, scopeKey, WORKSPACE_SCOPE, windowMs } from '../core/metrics/gate-metric.ts';
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
  timeToRestoreP1: (m) => value(m.timeToRestoreP1.medianMinutes, m.timeToRestoreP1.reason),
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

/** The key of one (metric, window, scope) value: `changeFailureRate@14d`, `prCycleTime@30d@team=Feature Team A`. */
export const gateMetricKey = (name: string, window: string, scope: MetricScope = WORKSPACE_SCOPE) =>
  scope.kind === 'workspace' ? `${name}@${window}` : `${name}@${window}@${scopeKey(scope)}`;

/** The metrics options of a scope: a service's name is its project. */
const scopeOptions = (scope: MetricScope): { project?: string; team?: string } =>
  scope.kind === 'workspace' ? {} : scope.kind === 'team' ? { team: scope.value } : { project: scope.value };

/** One metric over one window and scope, as a gate or a target reads it. */
export interface MetricRequest {
  readonly name: string;
  readonly window: string;
  readonly scope?: MetricScope;
}

/**
 * Computes each `metric(name, window, scope?)` a set of gates asks for, once, over the events
 * of the workspace (or the scope) in the window ending `now`. `db` is the caller's connection or
 * transaction. A scope that names nothing known (a team that owns no project) gives the reason.
 */
export async function gateMetricValues(db: Db, session: Session, now: Date, wanted: readonly MetricRequest[]): Promise<Map<string, GateMetricValue>> {
  const out = new Map<string, GateMetricValue>();
  const computed = new Map<string, DeliveryMetrics | { reason: string }>();
  for (const { name, window, scope = WORKSPACE_SCOPE } of wanted) {
    const key = gateMetricKey(name, window, scope);
    const ms = windowMs(window);
    if (out.has(key) || ms === null) continue;
    const report = name === 'timeToRestore' ? '2021' : '2023';
    const cacheKey = `${window}/${report}/${scopeKey(scope)}`;
    let metrics = computed.get(cacheKey);
    if (!metrics) {
      try {
        metrics = await computeDeliveryMetricsIn(db, session, { from: new Date(now.getTime() - ms).toISOString(), to: now.toISOString(), report, ...scopeOptions(scope) });
      } catch (error) {
        if (!(error instanceof EosError)) throw error;
        metrics = { reason: `${describeScope(scope)}: ${error.message}` };
      }
      computed.set(cacheKey, metrics);
    }
    out.set(key, 'reason' in metrics ? { reason: metrics.reason } : PICK[name as GateMetricName](metrics));
  }
  return out;
}

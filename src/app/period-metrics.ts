import type { PeriodMetrics } from '../core/rituals/ritual-snapshot.ts';
import type { DeliveryMetrics } from './compute-metrics.ts';

/**
 * The four keys and the PR stages of one period, flat, as the weekly delivery report and the
 * rituals' frozen snapshots both store them.
 *
 * @example periodMetrics(await computeDeliveryMetrics(session, { from, to })).deployDays // 3
 */
export function periodMetrics(m: DeliveryMetrics): PeriodMetrics {
  return {
    from: m.from,
    to: m.to,
    deployments: m.deploymentFrequency.deployments,
    deployDays: m.deploymentFrequency.deployDays,
    leadTimeMinutes: m.leadTimeForChanges.medianMinutes,
    changeFailureRate: m.changeFailureRate.value,
    failedDeployments: m.changeFailureRate.failedDeployments,
    recoveryMinutes: m.recoveryTime.medianMinutes,
    mergedPrs: m.prCycleTime.prs,
    cycleMinutes: m.prCycleTime.medianMinutes,
    codingMinutes: m.prCycleTime.codingMinutes,
    pickupMinutes: m.prCycleTime.pickupMinutes,
    reviewMinutes: m.prCycleTime.reviewMinutes,
    deployMinutes: m.prCycleTime.deployMinutes,
    firstReviewSlaBreaches: m.reviewSla.firstReviewOver4h,
    approvalSlaBreaches: m.reviewSla.approvalOver24h,
  };
}

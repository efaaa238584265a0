import { Gauge, type Registry } from 'prom-client';
import type { DeliveryMetrics } from '../../app/compute-metrics.ts';

/** The labels every delivery gauge carries; '' where a view is not narrowed (all projects, no team). */
export interface DeliveryLabels {
  readonly workspace: string;
  readonly project: string;
  readonly team: string;
}

const LABELS = ['workspace', 'project', 'team'] as const;

/** Gauge name → help text and how to read it from a computeDeliveryMetrics result (null: no data). */
const GAUGES: Readonly<Record<string, { help: string; value: (m: DeliveryMetrics) => number | null }>> = {
  eos_dora_deployment_frequency_days_per_week: {
    help: 'DORA deployment frequency: median deployment days per week over the window (DevLake)',
    value: (m) => m.deploymentFrequency.medianDeployDaysPerWeek ?? null,
  },
  eos_dora_lead_time_minutes: { help: 'DORA lead time for changes: median minutes from first commit to deployment', value: (m) => m.leadTimeForChanges.medianMinutes },
  eos_dora_change_failure_rate: { help: 'DORA change failure rate: share of deployments that caused an incident (0-1)', value: (m) => m.changeFailureRate.value },
  eos_dora_recovery_time_minutes: {
    help: 'DORA failed-deployment recovery time (2023 report) or time to restore service (2021): median minutes',
    value: (m) => m.recoveryTime.medianMinutes,
  },
  eos_pr_cycle_time_minutes: { help: 'Median pull-request cycle time in minutes (first commit to deployment, or merge)', value: (m) => m.prCycleTime.medianMinutes },
  eos_review_sla_breaches_total: {
    help: 'Review SLA breaches in the window: first review over 4 business hours plus approval over 24',
    value: (m) => m.reviewSla.firstReviewOver4h + m.reviewSla.approvalOver24h,
  },
};

export const DELIVERY_GAUGE_NAMES = Object.keys(GAUGES);

/** The delivery gauges in `registry`, created on first use (a second call returns the same ones). */
export function deliveryGauges(registry: Registry): Map<string, Gauge<(typeof LABELS)[number]>> {
  return new Map(
    Object.entries(GAUGES).map(([name, { help }]) => [
      name,
      (registry.getSingleMetric(name) as Gauge<(typeof LABELS)[number]> | undefined) ?? new Gauge({ name, help, labelNames: LABELS, registers: [registry] }),
    ]),
  );
}

/**
 * Sets the delivery gauges for one view (workspace, project, team) from a
 * computeDeliveryMetrics result. A metric without data removes its series, so Grafana shows
 * "no data" instead of a stale number.
 *
 * @example setDeliveryGauges(registry, await computeDeliveryMetrics(session, {}), { workspace: 'default', project: '', team: '' })
 */
export function setDeliveryGauges(registry: Registry, metrics: DeliveryMetrics, labels: DeliveryLabels): void {
  const gauges = deliveryGauges(registry);
  const values = { workspace: labels.workspace, project: labels.project, team: labels.team };
  for (const [name, { value }] of Object.entries(GAUGES)) {
    const gauge = gauges.get(name);
    const v = value(metrics);
    if (v === null || Number.isNaN(v)) gauge?.remove(values);
    else gauge?.set(values, v);
  }
}

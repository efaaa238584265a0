import { type DeploymentFrequency, deploymentFrequency } from './deployment-frequency.ts';
import { type DoraCategory, type DoraReport, failureRateCategory, formatUnits, hoursLabel, leadTimeCategory, recoveryCategory, roundedUnits } from './dora-levels.ts';
import { lowerMedian } from './lower-median.ts';
import { truncMinutes } from './time-span.ts';

/** A production deployment: its parts grouped by deployment id, finished at their MAX. */
export interface DeploymentFinish {
  readonly deploymentId: string;
  readonly finishedAt: string;
}

export interface DoraInput {
  readonly from: string;
  readonly to: string;
  readonly report: DoraReport;
  readonly deployments: readonly DeploymentFinish[];
  /** Incidents linked to a deployment, anywhere in the workspace (DevLake doesn't filter the link by project). */
  readonly linkedIncidents: readonly { readonly deploymentId: string; readonly resolvedAt: string | null }[];
  /**
   * The lower median of the cycle times of PRs whose deploying part finished in the window,
   * and how many: the store takes it in SQL (`percentile_disc(0.5)` is the same statistic).
   */
  readonly leadTime: { readonly medianMinutes: number | null; readonly changes: number };
  /** The project's incidents (for time to restore, 2021). */
  readonly projectIncidents: readonly { readonly createdAt: string; readonly resolvedAt: string | null }[];
  /** Whether the workspace holds any incident / any deployment part at all (DevLake's no-data checks). */
  readonly anyIncidents: boolean;
  readonly anyDeploymentParts: boolean;
}

export interface MetricBase {
  readonly level: DoraCategory | null;
  /** What DevLake's dashboard prints, e.g. `74.6(high)` or its N/A text. */
  readonly label: string;
  /** Why the value is null, when it is. */
  readonly reason?: string;
}

export interface DoraMetrics {
  readonly from: string;
  readonly to: string;
  readonly report: DoraReport;
  readonly deploymentFrequency: MetricBase & Omit<DeploymentFrequency, 'category' | 'label'>;
  readonly leadTimeForChanges: MetricBase & { readonly medianMinutes: number | null; readonly changes: number };
  readonly changeFailureRate: MetricBase & {
    readonly value: number | null;
    readonly failedDeployments: number;
    readonly deployments: number;
    /** DevLake's details panel: incidents per deployment (can exceed 1). */
    readonly incidentsPerDeployment: number | null;
  };
  readonly recoveryTime: MetricBase & {
    readonly kind: 'failedDeploymentRecoveryTime' | 'timeToRestoreService';
    readonly medianMinutes: number | null;
    readonly incidents: number;
    readonly samplesMinutes: readonly number[];
  };
}

const inWindow = (at: string | null, from: number, to: number): boolean => at !== null && Date.parse(at) >= from && Date.parse(at) <= to;
const collect = (what: string) => `N/A. Please check if you have collected ${what}.`;

/**
 * The four keys over a window, exactly as DevLake's DORA dashboard computes them (README §3.5–
 * §3.12): lower medians, DevLake's rounding and its labels, N/A texts included.
 *
 * @example doraMetrics(input).changeFailureRate.label // '40.0%(low)'
 */
export function doraMetrics(input: DoraInput): DoraMetrics {
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const deployments = input.deployments.filter((d) => inWindow(d.finishedAt, from, to));
  return {
    from: input.from,
    to: input.to,
    report: input.report,
    deploymentFrequency: frequency(input),
    leadTimeForChanges: leadTime(input),
    changeFailureRate: failureRate(input, deployments),
    recoveryTime: input.report === '2023' ? recovery(input, deployments, from, to) : restore(input, from, to),
  };
}

function frequency(input: DoraInput): DoraMetrics['deploymentFrequency'] {
  const { category, label, ...df } = deploymentFrequency({ from: input.from, to: input.to, report: input.report, finishes: input.deployments.map((d) => d.finishedAt) });
  return { ...df, level: category, label, ...(category === null ? { reason: 'too few deployment days in the window to place it on a DORA level' } : {}) };
}

function leadTime(input: DoraInput): DoraMetrics['leadTimeForChanges'] {
  const { medianMinutes: median, changes } = input.leadTime;
  if (median === null) return { medianMinutes: null, changes: 0, level: null, label: collect('deployments/pull_requests'), reason: 'no PR was deployed in the window' };
  const level = leadTimeCategory(median, input.report);
  return { medianMinutes: median, changes, level, label: `${hoursLabel(median)}(${level})` };
}

function failureRate(input: DoraInput, deployments: readonly DeploymentFinish[]): DoraMetrics['changeFailureRate'] {
  const incidentsOf = new Map<string, number>();
  for (const i of input.linkedIncidents) incidentsOf.set(i.deploymentId, (incidentsOf.get(i.deploymentId) ?? 0) + 1);
  const failed = deployments.filter((d) => (incidentsOf.get(d.deploymentId) ?? 0) > 0).length;
  const incidents = deployments.reduce((s, d) => s + (incidentsOf.get(d.deploymentId) ?? 0), 0);
  const n = deployments.length;
  const rate4 = n === 0 ? null : roundedUnits(failed, n, 4);
  const base = {
    value: rate4 === null ? null : rate4 / 10_000,
    failedDeployments: failed,
    deployments: n,
    incidentsPerDeployment: n === 0 ? null : roundedUnits(incidents, n, 4) / 10_000,
  };
  const noData = (what: string, reason: string) => ({ ...base, level: null, label: collect(what), reason });
  if (!input.anyIncidents && !input.anyDeploymentParts) return noData('deployments/incidents', 'no deployments and no incidents have been ingested');
  if (!input.anyIncidents) return noData('incidents', 'no incidents have been ingested');
  if (!input.anyDeploymentParts) return noData('deployments', 'no deployments have been ingested');
  if (rate4 === null) return noData('deployments/incidents', 'no production deployment finished in the window');
  const level = failureRateCategory(rate4, input.report);
  return { ...base, level, label: `${formatUnits(roundedUnits(rate4, 10, 0), 1)}%(${level})` };
}

function recovery(input: DoraInput, deployments: readonly DeploymentFinish[], from: number, to: number): DoraMetrics['recoveryTime'] {
  const finishOf = new Map(deployments.map((d) => [d.deploymentId, d.finishedAt]));
  const samples: number[] = [];
  for (const i of input.linkedIncidents) {
    const finished = finishOf.get(i.deploymentId);
    if (finished && i.resolvedAt && inWindow(i.resolvedAt, from, to)) samples.push(truncMinutes(finished, i.resolvedAt));
  }
  samples.sort((a, b) => a - b);
  const base = { kind: 'failedDeploymentRecoveryTime' as const, incidents: samples.length, samplesMinutes: samples };
  const none = deployments.length === 0;
  if (none || !input.anyIncidents) {
    const what = none && !input.anyIncidents ? 'deployments and incidents' : none ? 'deployments' : 'incidents';
    return { ...base, medianMinutes: null, level: null, label: collect(what), reason: `no ${what} to measure recovery from` };
  }
  const median = lowerMedian(samples);
  if (median === null) return { ...base, medianMinutes: null, level: null, label: 'No data', reason: 'no incident caused by a deployment in the window was resolved in it' };
  const level = recoveryCategory(median);
  return { ...base, medianMinutes: median, level, label: `${hoursLabel(median)}(${level})` };
}

function restore(input: DoraInput, from: number, to: number): DoraMetrics['recoveryTime'] {
  const samples = input.projectIncidents
    .filter((i) => inWindow(i.resolvedAt, from, to))
    .map((i) => truncMinutes(i.createdAt, i.resolvedAt ?? i.createdAt))
    .sort((a, b) => a - b);
  const base = { kind: 'timeToRestoreService' as const, incidents: samples.length, samplesMinutes: samples };
  const median = lowerMedian(samples);
  if (median === null) return { ...base, medianMinutes: null, level: null, label: collect('incidents'), reason: 'no incident was resolved in the window' };
  const level = recoveryCategory(median);
  return { ...base, medianMinutes: median, level, label: `${hoursLabel(median)}(${level})` };
}

import type { TargetDirection, TargetUnit } from '../pack/target-schema.ts';

/** The delivery numbers of one period: the four keys and the PR stages (weeklyDelivery's week). */
export interface PeriodMetrics {
  readonly from: string;
  readonly to: string;
  readonly deployments: number;
  readonly deployDays: number;
  readonly leadTimeMinutes: number | null;
  readonly changeFailureRate: number | null;
  readonly failedDeployments: number;
  readonly recoveryMinutes: number | null;
  readonly mergedPrs: number;
  readonly cycleMinutes: number | null;
  readonly codingMinutes: number | null;
  readonly pickupMinutes: number | null;
  readonly reviewMinutes: number | null;
  readonly deployMinutes: number | null;
  readonly firstReviewSlaBreaches: number;
  readonly approvalSlaBreaches: number;
}

/** A target or guardrail against its actual when the snapshot was taken. */
export interface SnapshotTarget {
  readonly id: string;
  readonly name: string;
  readonly metric: string;
  readonly window: string;
  readonly unit: TargetUnit;
  readonly threshold: { readonly value: number; readonly direction: TargetDirection };
  readonly actual: number | null;
  readonly met: boolean | null;
  readonly seed?: { readonly source: string; readonly line: string } | undefined;
}

/**
 * What a ritual froze when it created its record. Its SHA-256 (of canonicalJson) is the record's
 * `Snapshot SHA-256` and sits in the record's create audit entry and in a `ritual.snapshot` decision.
 */
export interface RitualSnapshot {
  readonly ritual: string;
  readonly kind: string;
  readonly occurrence: string;
  readonly from: string;
  readonly to: string;
  readonly metrics: PeriodMetrics;
  /** The weeks up to the period's end, oldest first (the chart of the export). */
  readonly trend: readonly PeriodMetrics[];
  readonly targets: readonly SnapshotTarget[];
  readonly guardrails: readonly SnapshotTarget[];
  readonly blocked: readonly { key: string; title: string; database: string; to: string; unmet: readonly string[] }[];
  readonly stale: readonly { key: string; title: string; database: string; status: string; reason: string }[];
  readonly slaBreaches: readonly { prId: string; project: string; kind: string; businessMinutes: number }[];
}

/** @example formatMinutes(95) // '1.6 h'; formatMinutes(45) // '45 min' */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return 'no data';
  return minutes < 60 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

/** A value in its unit: minutes as time, a ratio as a percentage. */
export function formatValue(value: number | null, unit: TargetUnit): string {
  if (value === null) return 'no data';
  if (unit === 'minutes') return formatMinutes(value);
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`;
  return String(value);
}

const SIGN: Record<TargetDirection, string> = { below: '<', atMost: '<=', above: '>', atLeast: '>=' };
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The period's numbers as a Markdown table (metric, value). */
export function metricsTable(m: PeriodMetrics): string {
  const rate = m.changeFailureRate === null ? 'no data' : `${(m.changeFailureRate * 100).toFixed(1)}% (${m.failedDeployments} failed)`;
  const rows: [string, string][] = [
    ['Deployments', `${m.deployments} on ${m.deployDays} days`],
    ['Lead time for changes (median)', formatMinutes(m.leadTimeMinutes)],
    ['Change failure rate', rate],
    ['Failed deployment recovery (median)', formatMinutes(m.recoveryMinutes)],
    ['Merged PRs', String(m.mergedPrs)],
    ['PR cycle time (median)', formatMinutes(m.cycleMinutes)],
    ['Coding', formatMinutes(m.codingMinutes)],
    ['Pickup (time to first review)', formatMinutes(m.pickupMinutes)],
    ['Review', formatMinutes(m.reviewMinutes)],
    ['Deploy (merge to production)', formatMinutes(m.deployMinutes)],
    ['Review SLA breaches (4h first review / 24h approval)', `${m.firstReviewSlaBreaches} / ${m.approvalSlaBreaches}`],
  ];
  return ['| Metric | Value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** Targets (or guardrails) against their actuals, as seed 001 §4's table: metric, target, actual, met. */
export function targetsTable(rows: readonly SnapshotTarget[], what = 'Target'): string {
  if (rows.length === 0) return `No ${what.toLowerCase()}s.`;
  const met = (r: SnapshotTarget) => (r.met === null ? 'no data' : r.met ? 'met' : 'MISSED');
  return [
    `| ${what} | Metric (window) | Threshold | Actual | Status |`,
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${cell(r.name)} | ${r.metric} (${r.window}) | ${SIGN[r.threshold.direction]} ${formatValue(r.threshold.value, r.unit)} | ${formatValue(r.actual, r.unit)} | ${met(r)} |`,
    ),
  ].join('\n');
}

export function blockedList(rows: RitualSnapshot['blocked']): string {
  if (rows.length === 0) return 'Nothing blocked.';
  return rows.map((r) => `- ${r.key} ${cell(r.title)} (${r.database}) → ${r.to}: ${r.unmet.join('; ')}`).join('\n');
}

export function staleList(rows: RitualSnapshot['stale']): string {
  if (rows.length === 0) return 'Nothing stale.';
  return rows.map((r) => `- ${r.key} ${cell(r.title)} (${r.database}, ${r.status}): ${r.reason}`).join('\n');
}

export function breachList(rows: RitualSnapshot['slaBreaches']): string {
  if (rows.length === 0) return 'No review-SLA breaches.';
  return rows
    .map((r) => `- PR ${r.prId} (${r.project}): ${r.kind === 'firstReview' ? 'first review' : 'approval'} after ${formatMinutes(r.businessMinutes)} of business time`)
    .join('\n');
}

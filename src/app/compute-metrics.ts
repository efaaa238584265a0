import { invalidInput } from '../core/errors.ts';
import { DORA_REPORTS, type DoraReport } from '../core/metrics/dora-levels.ts';
import { type DoraMetrics, doraMetrics } from '../core/metrics/dora-metrics.ts';
import { APPROVAL_SLA_MINUTES, FIRST_REVIEW_SLA_MINUTES, type PrCycleTime, type PrMetricRow, type SlaBreach } from '../core/metrics/flow-metrics.ts';
import { lowerMedian } from '../core/metrics/lower-median.ts';
import { truncMinutes } from '../core/metrics/time-span.ts';
import {
  anyDeliveryData,
  type WindowScope,
  windowDeployments,
  windowLeadTime,
  windowMergedPrs,
  windowPrFlow,
  windowResolvedIncidents,
  windowSlaBreaches,
} from '../store/delivery-window-rows.ts';
import type { Db } from '../store/store.ts';
import { resolveScope } from './delivery-scope.ts';
import type { Session } from './session.ts';

export interface MetricsOptions {
  /** ISO date or date-time; default: 90 days before `to`. */
  readonly from?: string | undefined;
  /** ISO date or date-time; default: now. A bare date means the end of that day. */
  readonly to?: string | undefined;
  readonly project?: string | undefined;
  readonly team?: string | undefined;
  readonly report?: string | undefined;
}

export interface DeliveryMetrics extends DoraMetrics {
  readonly projects: readonly string[] | null;
  readonly team: string | null;
  readonly warnings: readonly string[];
  readonly prCycleTime: PrCycleTime;
  readonly reviewSla: {
    readonly firstReviewOver4h: number;
    readonly approvalOver24h: number;
    readonly businessHours: true;
    /** The newest breaches, at most BREACHES_LISTED PRs. */
    readonly breaches: readonly SlaBreach[];
  };
  /** Time to restore (resolved − created, truncated minutes) of the P1 incidents resolved in the window: seed 001's "MTTR <2 hours for P1". */
  readonly timeToRestoreP1: P1Restore;
}

export interface P1Restore {
  readonly medianMinutes: number | null;
  readonly incidents: number;
  readonly reason?: string;
}

/** P1 incidents: severity `P1` or `SEV1` (any case), as PagerDuty priorities and Opsgenie name them. */
export const isP1 = (severity: string | null): boolean => severity !== null && /^(p1|sev1)$/i.test(severity.trim());

function p1Restore(incidents: readonly { createdAt: string; resolvedAt: string; severity: string | null }[]): P1Restore {
  const minutes = incidents.filter((i) => isP1(i.severity)).map((i) => truncMinutes(i.createdAt, i.resolvedAt));
  const medianMinutes = lowerMedian(minutes);
  return { medianMinutes, incidents: minutes.length, ...(medianMinutes === null ? { reason: 'no P1 incident was resolved in the window' } : {}) };
}

const DAY = 86_400_000;
const SLA = { firstReview: FIRST_REVIEW_SLA_MINUTES, approval: APPROVAL_SLA_MINUTES };
/** How many breaching PRs `reviewSla.breaches` lists (newest first); the counts cover them all. */
export const BREACHES_LISTED = 500;

/** Reads `--from`/`--to`: an ISO date (`2026-01-31`, the start or, for `to`, the end of that UTC day) or date-time. */
export function parseWindowEdge(value: string, edge: 'from' | 'to'): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) throw invalidInput(`--${edge} '${value}' is not a date: use YYYY-MM-DD or an ISO-8601 date-time`, { [edge]: value });
  return new Date(dateOnly && edge === 'to' ? t + DAY - 1000 : t).toISOString();
}

export function parseReport(value: string | undefined): DoraReport {
  const report = value ?? '2023';
  if (!(DORA_REPORTS as readonly string[]).includes(report)) throw invalidInput(`--report must be 2023 or 2021, not '${report}'`, { report });
  return report as DoraReport;
}

/** The window of a metrics request: `to` defaults to now, `from` to 90 days before `to`. */
export function metricsWindow(session: Session, options: MetricsOptions): { from: string; to: string } {
  const to = options.to ? parseWindowEdge(options.to, 'to') : session.clock().toISOString();
  const from = options.from ? parseWindowEdge(options.from, 'from') : new Date(Date.parse(to) - 90 * DAY).toISOString();
  if (Date.parse(from) > Date.parse(to)) throw invalidInput(`--from (${from}) is after --to (${to})`, { from, to });
  return { from, to };
}

/**
 * The delivery metrics of CONTRACT §7 over a window: the four DORA keys exactly as DevLake
 * computes them, PR cycle time by stage and review SLA breaches. Each part is one indexed
 * query over the window; the derived tables were filled at ingest time.
 *
 * @example await computeDeliveryMetrics(session, { from: '2026-01-01', to: '2026-03-31', project: 'api', report: '2023' })
 */
export async function computeDeliveryMetrics(session: Session, options: MetricsOptions): Promise<DeliveryMetrics> {
  return computeDeliveryMetricsIn(session.store.db, session, options);
}

/** The same, reading through `db`: an open transaction when a gate asks for a metric mid-write. */
export async function computeDeliveryMetricsIn(db: Db, session: Session, options: MetricsOptions): Promise<DeliveryMetrics> {
  const report = parseReport(options.report);
  const window = metricsWindow(session, options);
  const resolved = await resolveScope(session, options, db);
  const scope: WindowScope = { workspaceId: session.workspaceId, projects: resolved.projects, ...window };
  // One after another: a transaction has one connection (and the queries are small).
  const deployments = await windowDeployments(db, scope);
  const any = await anyDeliveryData(db, session.workspaceId);
  const leadTime = await windowLeadTime(db, scope);
  const resolvedIncidents = await windowResolvedIncidents(db, scope);
  const flow = await windowPrFlow(db, scope, SLA);
  const breaches = await windowSlaBreaches(db, scope, SLA, BREACHES_LISTED);
  const dora = doraMetrics({
    ...window,
    report,
    deployments,
    linkedIncidents: deployments.flatMap((d) => d.incidents.map((i) => ({ deploymentId: d.deploymentId, resolvedAt: i.resolvedAt }))),
    leadTime,
    projectIncidents: resolvedIncidents,
    anyIncidents: any.incidents,
    anyDeploymentParts: any.deployments,
  });
  return {
    ...dora,
    projects: resolved.projects,
    team: resolved.team,
    warnings: resolved.warnings,
    prCycleTime: { ...flow.cycle, ...(flow.cycle.prs === 0 ? { reason: 'no PR was merged in the window' } : {}) },
    reviewSla: { firstReviewOver4h: flow.firstReviewOver, approvalOver24h: flow.approvalOver, businessHours: true, breaches },
    timeToRestoreP1: p1Restore(resolvedIncidents),
  };
}

/** `eos metrics prs`: each PR merged in the window with its stage times (DevLake's project_pr_metrics). */
export async function listPrMetrics(session: Session, options: MetricsOptions): Promise<{ from: string; to: string; prs: PrMetricRow[] }> {
  const window = metricsWindow(session, options);
  const resolved = await resolveScope(session, options);
  return { ...window, prs: await windowMergedPrs(session.store.db, { workspaceId: session.workspaceId, projects: resolved.projects, ...window }) };
}

import { type SQL, sql } from 'drizzle-orm';
import type { PrCycleTime, PrMetricRow, SlaBreach } from '../core/metrics/flow-metrics.ts';
import { anyOf } from './event-rows.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

// The windowed reads behind `eos metrics`: each is one indexed query over
// (workspace_id, project, time), so a 90-day window reads only its own rows.

export interface WindowScope {
  readonly workspaceId: string;
  /** Null: every project of the workspace. */
  readonly projects: readonly string[] | null;
  readonly from: string;
  readonly to: string;
}

const projectFilter = (column: string, projects: readonly string[] | null): SQL => (projects === null ? sql`true` : sql`${sql.raw(column)} = ${anyOf(projects)}`);

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * Production deployments (successful production parts grouped by deployment id, finished at
 * their MAX) whose finish day can fall on the window's calendar days, with the incidents
 * linked to them anywhere in the workspace.
 */
export async function windowDeployments(db: Db, scope: WindowScope) {
  // Deployments and their linked incidents as one list of rows (an incident row per link), so
  // the incidents are found by one semi-join rather than a lookup per deployment.
  const found = await rows<{ deployment_id: string; finished_at: string | null; resolved_at: string | null; incident: boolean }>(
    db,
    sql`with d as (
          select deployment_id, max(finished_at) as finished_at from delivery_deployments
          where workspace_id = ${scope.workspaceId} and ${projectFilter('project', scope.projects)}
            and result = 'success' and lower(environment) = 'production' and finished_at is not null
            and finished_at >= date_trunc('day', ${scope.from}::timestamptz at time zone 'UTC') at time zone 'UTC' - interval '1 day'
            and finished_at < date_trunc('day', ${scope.to}::timestamptz at time zone 'UTC') at time zone 'UTC' + interval '2 day'
          group by deployment_id)
        select deployment_id, finished_at, null::timestamptz as resolved_at, false as incident from d
        union all
        select i.deployment_id, null, i.resolved_at, true from delivery_incidents i
        where i.workspace_id = ${scope.workspaceId} and i.deployment_id in (select deployment_id from d)`,
  );
  const byId = new Map<string, { deploymentId: string; finishedAt: string; incidents: { resolvedAt: string | null }[] }>();
  for (const r of found) if (!r.incident && r.finished_at) byId.set(r.deployment_id, { deploymentId: r.deployment_id, finishedAt: iso(r.finished_at), incidents: [] });
  for (const r of found) if (r.incident) byId.get(r.deployment_id)?.incidents.push({ resolvedAt: r.resolved_at === null ? null : iso(r.resolved_at) });
  return [...byId.values()];
}

/** Whether the workspace holds any incident and any deployment part (DevLake's whole-table checks). */
export async function anyDeliveryData(db: Db, workspaceId: string): Promise<{ incidents: boolean; deployments: boolean }> {
  const [r] = await rows<{ incidents: boolean; deployments: boolean }>(
    db,
    sql`select exists(select 1 from delivery_incidents where workspace_id = ${workspaceId}) as incidents,
               exists(select 1 from delivery_deployments where workspace_id = ${workspaceId}) as deployments`,
  );
  return { incidents: r?.incidents ?? false, deployments: r?.deployments ?? false };
}

/** The project incidents resolved in the window. */
export async function windowResolvedIncidents(db: Db, scope: WindowScope) {
  const found = await rows<{ created_at: string; resolved_at: string; severity: string | null }>(
    db,
    sql`select created_at, resolved_at, severity from delivery_incidents
        where workspace_id = ${scope.workspaceId} and ${projectFilter('project', scope.projects)}
          and resolved_at between ${scope.from}::timestamptz and ${scope.to}::timestamptz`,
  );
  return found.map((r) => ({ createdAt: iso(r.created_at), resolvedAt: iso(r.resolved_at), severity: r.severity }));
}

/** Incidents created in the window, with their severity (for P1/P2 per month). */
export async function windowCreatedIncidents(db: Db, scope: WindowScope) {
  const found = await rows<{ id: string; severity: string | null; created_at: string }>(
    db,
    sql`select id, severity, created_at from delivery_incidents
        where workspace_id = ${scope.workspaceId} and ${projectFilter('project', scope.projects)}
          and created_at between ${scope.from}::timestamptz and ${scope.to}::timestamptz order by created_at`,
  );
  return found.map((r) => ({ id: r.id, severity: r.severity, createdAt: iso(r.created_at) }));
}

const PR_METRIC_COLUMNS = sql.raw(`pr_id, project, repo, author, first_commit_sha, first_commit_authored_at, first_review_id, first_review_at, first_approval_at,
  pr_created_at, pr_merged_at, deployment_part_id, pr_deployed_at, coding_minutes, pickup_minutes, review_minutes, deploy_minutes, cycle_minutes, size,
  first_review_business_minutes, approval_business_minutes`);

type RawPrMetric = Record<string, string | number | null>;
const isoOrNull = (v: string | number | null) => (v === null ? null : iso(String(v)));

function toPrMetricRow(r: RawPrMetric): PrMetricRow {
  return {
    prId: String(r.pr_id),
    project: String(r.project),
    repo: String(r.repo),
    author: r.author === null ? null : String(r.author),
    firstCommitSha: r.first_commit_sha === null ? null : String(r.first_commit_sha),
    firstCommitAuthoredAt: isoOrNull(r.first_commit_authored_at ?? null),
    firstReviewId: r.first_review_id === null ? null : String(r.first_review_id),
    firstReviewAt: isoOrNull(r.first_review_at ?? null),
    firstApprovalAt: isoOrNull(r.first_approval_at ?? null),
    prCreatedAt: iso(String(r.pr_created_at)),
    prMergedAt: iso(String(r.pr_merged_at)),
    deploymentPartId: r.deployment_part_id === null ? null : String(r.deployment_part_id),
    prDeployedAt: isoOrNull(r.pr_deployed_at ?? null),
    codingMinutes: r.coding_minutes as number | null,
    pickupMinutes: r.pickup_minutes as number | null,
    reviewMinutes: r.review_minutes as number | null,
    deployMinutes: r.deploy_minutes as number | null,
    cycleMinutes: Number(r.cycle_minutes),
    size: r.size as number | null,
    firstReviewBusinessMinutes: r.first_review_business_minutes as number | null,
    approvalBusinessMinutes: r.approval_business_minutes as number | null,
  };
}

const inWindow = (column: string, scope: WindowScope): SQL => sql`${sql.raw(column)} between ${scope.from}::timestamptz and ${scope.to}::timestamptz`;
const prScope = (scope: WindowScope): SQL => sql`workspace_id = ${scope.workspaceId} and ${projectFilter('project', scope.projects)}`;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Lead time for changes over the PRs whose deploying part finished in the window. PostgreSQL's
 * `percentile_disc(0.5)` is DevLake's lower median on non-null values (the first value whose
 * cumulative share reaches one half), so the median is taken in the database.
 */
export async function windowLeadTime(db: Db, scope: WindowScope): Promise<{ medianMinutes: number | null; changes: number }> {
  const [r] = await rows<{ median: unknown; changes: unknown }>(
    db,
    sql`select percentile_disc(0.5) within group (order by cycle_minutes) as median, count(*) as changes from delivery_pr_metrics
        where ${prScope(scope)} and deployment_part_id is not null and ${inWindow('pr_deployed_at', scope)}`,
  );
  return { medianMinutes: num(r?.median), changes: Number(r?.changes ?? 0) };
}

/** PR stage medians and review-SLA breach counts over the PRs merged in the window, in one aggregate. */
export async function windowPrFlow(
  db: Db,
  scope: WindowScope,
  sla: { readonly firstReview: number; readonly approval: number },
): Promise<{ cycle: Omit<PrCycleTime, 'reason'>; firstReviewOver: number; approvalOver: number }> {
  const median = (column: string) => sql.raw(`percentile_disc(0.5) within group (order by ${column})`);
  const [r] = await rows<Record<string, unknown>>(
    db,
    sql`select count(*) as prs, ${median('cycle_minutes')} as cycle, ${median('coding_minutes')} as coding, ${median('pickup_minutes')} as pickup,
          ${median('review_minutes')} as review, ${median('deploy_minutes')} as deploy, ${median('size')} as size,
          count(*) filter (where first_review_business_minutes > ${sla.firstReview}) as first_review_over,
          count(*) filter (where approval_business_minutes > ${sla.approval}) as approval_over
        from delivery_pr_metrics where ${prScope(scope)} and ${inWindow('pr_merged_at', scope)}`,
  );
  const pickup = num(r?.pickup);
  return {
    cycle: {
      prs: Number(r?.prs ?? 0),
      medianMinutes: num(r?.cycle),
      codingMinutes: num(r?.coding),
      pickupMinutes: pickup,
      reviewMinutes: num(r?.review),
      deployMinutes: num(r?.deploy),
      timeToFirstReviewMinutes: pickup,
      medianPrSize: num(r?.size),
    },
    firstReviewOver: Number(r?.first_review_over ?? 0),
    approvalOver: Number(r?.approval_over ?? 0),
  };
}

/** The PRs merged in the window that breached a review SLA, newest first, at most `limit`. */
export async function windowSlaBreaches(db: Db, scope: WindowScope, sla: { readonly firstReview: number; readonly approval: number }, limit: number): Promise<SlaBreach[]> {
  const found = await rows<{ pr_id: string; project: string; first_review_business_minutes: number | null; approval_business_minutes: number | null }>(
    db,
    sql`select pr_id, project, first_review_business_minutes, approval_business_minutes from delivery_pr_metrics
        where ${prScope(scope)} and ${inWindow('pr_merged_at', scope)}
          and (first_review_business_minutes > ${sla.firstReview} or approval_business_minutes > ${sla.approval})
        order by pr_merged_at desc, pr_id limit ${limit}`,
  );
  return found.flatMap((r) => [
    ...(r.first_review_business_minutes !== null && r.first_review_business_minutes > sla.firstReview
      ? [{ prId: r.pr_id, project: r.project, kind: 'firstReview' as const, businessMinutes: r.first_review_business_minutes }]
      : []),
    ...(r.approval_business_minutes !== null && r.approval_business_minutes > sla.approval
      ? [{ prId: r.pr_id, project: r.project, kind: 'approval' as const, businessMinutes: r.approval_business_minutes }]
      : []),
  ]);
}

/** PR stage times of PRs merged in the window (`eos metrics prs`). */
export async function windowMergedPrs(db: Db, scope: WindowScope): Promise<PrMetricRow[]> {
  const found = await rows<RawPrMetric>(
    db,
    sql`select ${PR_METRIC_COLUMNS} from delivery_pr_metrics where ${prScope(scope)} and ${inWindow('pr_merged_at', scope)} order by pr_merged_at, pr_id`,
  );
  return found.map(toPrMetricRow);
}

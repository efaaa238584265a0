import { type SQL, sql } from 'drizzle-orm';
import type { PrStageTimes } from '../core/metrics/pr-stage-times.ts';
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

const projectFilter = (column: string, projects: readonly string[] | null): SQL =>
  projects === null ? sql`true` : sql`${sql.raw(column)} in (select jsonb_array_elements_text(${JSON.stringify(projects)}::jsonb))`;

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * Production deployments (successful production parts grouped by deployment id, finished at
 * their MAX) whose finish day can fall on the window's calendar days, with the incidents
 * linked to them anywhere in the workspace.
 */
export async function windowDeployments(db: Db, scope: WindowScope) {
  const found = await rows<{ deployment_id: string; finished_at: string; incidents: { resolvedAt: string | null }[] | null }>(
    db,
    sql`with d as (
          select deployment_id, max(finished_at) as finished_at from delivery_deployments
          where workspace_id = ${scope.workspaceId} and ${projectFilter('project', scope.projects)}
            and result = 'success' and lower(environment) = 'production' and finished_at is not null
            and finished_at >= date_trunc('day', ${scope.from}::timestamptz at time zone 'UTC') at time zone 'UTC' - interval '1 day'
            and finished_at < date_trunc('day', ${scope.to}::timestamptz at time zone 'UTC') at time zone 'UTC' + interval '2 day'
          group by deployment_id)
        select d.deployment_id, d.finished_at,
          (select jsonb_agg(jsonb_build_object('resolvedAt', i.resolved_at)) from delivery_incidents i
           where i.workspace_id = ${scope.workspaceId} and i.deployment_id = d.deployment_id) as incidents
        from d`,
  );
  return found.map((r) => ({ deploymentId: r.deployment_id, finishedAt: iso(r.finished_at), incidents: r.incidents ?? [] }));
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
  const found = await rows<{ created_at: string; resolved_at: string }>(
    db,
    sql`select created_at, resolved_at from delivery_incidents
        where workspace_id = ${scope.workspaceId} and ${projectFilter('project', scope.projects)}
          and resolved_at between ${scope.from}::timestamptz and ${scope.to}::timestamptz`,
  );
  return found.map((r) => ({ createdAt: iso(r.created_at), resolvedAt: iso(r.resolved_at) }));
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
  pr_created_at, pr_merged_at, deployment_part_id, pr_deployed_at, coding_minutes, pickup_minutes, review_minutes, deploy_minutes, cycle_minutes, size`);

type RawPrMetric = Record<string, string | number | null>;
const isoOrNull = (v: string | number | null) => (v === null ? null : iso(String(v)));

function toStageTimes(r: RawPrMetric): PrStageTimes {
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
  };
}

/** PR stage times of PRs deployed in the window (lead time for changes). */
export async function windowDeployedPrs(db: Db, scope: WindowScope): Promise<{ cycleMinutes: number; deployedAt: string }[]> {
  const found = await rows<{ cycle_minutes: number; pr_deployed_at: string }>(
    db,
    sql`select cycle_minutes, pr_deployed_at from delivery_pr_metrics
        where workspace_id = ${scope.workspaceId} and ${projectFilter('project', scope.projects)}
          and deployment_part_id is not null and pr_deployed_at between ${scope.from}::timestamptz and ${scope.to}::timestamptz`,
  );
  return found.map((r) => ({ cycleMinutes: r.cycle_minutes, deployedAt: iso(r.pr_deployed_at) }));
}

/** PR stage times of PRs merged in the window (flow metrics, `eos metrics prs`). */
export async function windowMergedPrs(db: Db, scope: WindowScope): Promise<PrStageTimes[]> {
  const found = await rows<RawPrMetric>(
    db,
    sql`select ${PR_METRIC_COLUMNS} from delivery_pr_metrics
        where workspace_id = ${scope.workspaceId} and ${projectFilter('project', scope.projects)}
          and pr_merged_at between ${scope.from}::timestamptz and ${scope.to}::timestamptz order by pr_merged_at, pr_id`,
  );
  return found.map(toStageTimes);
}

import { sql } from 'drizzle-orm';
import type { EventBatchInput } from '../core/metrics/event-batch.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

// Reads one stored delivery event back in the shape of the §7 batch, so a partial update (a
// webhook) can be merged with what is stored and ingested again whole.

type PullRequestInput = NonNullable<EventBatchInput['pullRequests']>[number];
type DeploymentInput = NonNullable<EventBatchInput['deployments']>[number];
type IncidentInput = NonNullable<EventBatchInput['incidents']>[number];
type Raw = Record<string, unknown>;

async function rows(db: Db, query: ReturnType<typeof sql>): Promise<Raw[]> {
  return ((await db.execute(query)) as unknown as { rows: Raw[] }).rows;
}

const time = (v: unknown) => (v === null || v === undefined ? null : iso(v as string | Date));

export async function storedPullRequest(db: Db, workspaceId: string, id: string): Promise<PullRequestInput | undefined> {
  const [pr] = await rows(
    db,
    sql`select id, project, repo, number, title, author, created_at, merged_at, closed_at, merge_commit_sha, additions, deletions, base_branch, requested_reviewers
        from delivery_pull_requests where workspace_id = ${workspaceId} and id = ${id}`,
  );
  if (!pr) return undefined;
  const commits = await rows(db, sql`select sha, authored_at from delivery_pr_commits where workspace_id = ${workspaceId} and pr_id = ${id} order by position`);
  const reviews = await rows(db, sql`select id, author, state, submitted_at from delivery_pr_reviews where workspace_id = ${workspaceId} and pr_id = ${id} order by position`);
  return {
    id: pr.id as string,
    project: pr.project as string,
    repo: pr.repo as string,
    number: pr.number as number | null,
    title: pr.title as string | null,
    author: pr.author as string | null,
    createdAt: time(pr.created_at) as string,
    mergedAt: time(pr.merged_at),
    closedAt: time(pr.closed_at),
    mergeCommitSha: pr.merge_commit_sha as string | null,
    additions: pr.additions as number | null,
    deletions: pr.deletions as number | null,
    baseBranch: pr.base_branch as string | null,
    ...(pr.requested_reviewers ? { requestedReviewers: pr.requested_reviewers as string[] } : {}),
    commits: commits.map((c) => ({ sha: c.sha as string, authoredAt: time(c.authored_at) })),
    reviews: reviews.map((r) => ({ id: r.id as string, author: r.author as string | null, state: r.state as string, submittedAt: time(r.submitted_at) as string })),
  };
}

export async function storedDeploymentPart(db: Db, workspaceId: string, id: string): Promise<DeploymentInput | undefined> {
  const [d] = await rows(
    db,
    sql`select id, deployment_id, project, scope, repo, service, environment, result, started_at, finished_at, commit_sha, shipped_given
        from delivery_deployments where workspace_id = ${workspaceId} and id = ${id}`,
  );
  if (!d) return undefined;
  const shipped = d.shipped_given ? await rows(db, sql`select sha from delivery_shipped_commits where workspace_id = ${workspaceId} and part_id = ${id} order by sha`) : [];
  return {
    id: d.id as string,
    deploymentId: d.deployment_id as string,
    project: d.project as string,
    scope: d.scope as string,
    repo: d.repo as string,
    service: d.service as string | null,
    environment: d.environment as string | null,
    result: d.result as string,
    startedAt: time(d.started_at),
    finishedAt: time(d.finished_at),
    commitSha: d.commit_sha as string | null,
    shippedCommits: d.shipped_given ? shipped.map((s) => s.sha as string) : null,
  };
}

export async function storedIncident(db: Db, workspaceId: string, id: string): Promise<IncidentInput | undefined> {
  const [i] = await rows(
    db,
    sql`select id, project, title, severity, service, created_at, resolved_at, given_deployment_id from delivery_incidents where workspace_id = ${workspaceId} and id = ${id}`,
  );
  if (!i) return undefined;
  return {
    id: i.id as string,
    project: i.project as string | null,
    title: i.title as string | null,
    severity: i.severity as string | null,
    service: i.service as string | null,
    createdAt: time(i.created_at) as string,
    resolvedAt: time(i.resolved_at),
    deploymentId: i.given_deployment_id as string | null,
  };
}

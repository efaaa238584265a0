import { type SQL, sql } from 'drizzle-orm';
import type { DeploymentPart, IncidentRow, PrCommitRow, PrReviewRow, PullRequestRow } from '../core/metrics/delivery-model.ts';
import type { PrMetricRow } from '../core/metrics/flow-metrics.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

// All SQL over the delivery event tables (schema-events.ts). Bulk writes go through
// jsonb_to_recordset: one parameter per batch, whatever its size.

const BATCH = 2000;

/** A column of a bulk write: its name and its SQL type. Constants only, never user input. */
type Column = readonly [name: string, type: string];

const COLUMNS = {
  delivery_pull_requests: [
    ['id', 'text'],
    ['project', 'text'],
    ['repo', 'text'],
    ['number', 'int'],
    ['title', 'text'],
    ['author', 'text'],
    ['created_at', 'timestamptz'],
    ['merged_at', 'timestamptz'],
    ['closed_at', 'timestamptz'],
    ['merge_commit_sha', 'text'],
    ['additions', 'int'],
    ['deletions', 'int'],
    ['base_branch', 'text'],
    ['requested_reviewers', 'jsonb'],
    ['digest', 'text'],
  ],
  delivery_pr_commits: [
    ['pr_id', 'text'],
    ['sha', 'text'],
    ['position', 'int'],
    ['authored_at', 'timestamptz'],
  ],
  delivery_pr_reviews: [
    ['pr_id', 'text'],
    ['id', 'text'],
    ['position', 'int'],
    ['author', 'text'],
    ['state', 'text'],
    ['submitted_at', 'timestamptz'],
  ],
  delivery_deployments: [
    ['id', 'text'],
    ['deployment_id', 'text'],
    ['project', 'text'],
    ['scope', 'text'],
    ['repo', 'text'],
    ['service', 'text'],
    ['environment', 'text'],
    ['result', 'text'],
    ['started_at', 'timestamptz'],
    ['finished_at', 'timestamptz'],
    ['commit_sha', 'text'],
    ['shipped_given', 'boolean'],
    ['digest', 'text'],
  ],
  delivery_shipped_commits: [
    ['part_id', 'text'],
    ['sha', 'text'],
  ],
  delivery_incidents: [
    ['id', 'text'],
    ['project', 'text'],
    ['title', 'text'],
    ['severity', 'text'],
    ['service', 'text'],
    ['created_at', 'timestamptz'],
    ['resolved_at', 'timestamptz'],
    ['given_deployment_id', 'text'],
    ['digest', 'text'],
  ],
  delivery_commits: [
    ['repo', 'text'],
    ['sha', 'text'],
    ['parents', 'jsonb'],
    ['authored_at', 'timestamptz'],
    ['committed_at', 'timestamptz'],
    ['author', 'text'],
    ['message', 'text'],
    ['digest', 'text'],
  ],
  delivery_pr_metrics: [
    ['pr_id', 'text'],
    ['project', 'text'],
    ['repo', 'text'],
    ['author', 'text'],
    ['first_commit_sha', 'text'],
    ['first_commit_authored_at', 'timestamptz'],
    ['first_review_id', 'text'],
    ['first_review_at', 'timestamptz'],
    ['first_approval_at', 'timestamptz'],
    ['pr_created_at', 'timestamptz'],
    ['pr_merged_at', 'timestamptz'],
    ['deployment_part_id', 'text'],
    ['pr_deployed_at', 'timestamptz'],
    ['coding_minutes', 'int'],
    ['pickup_minutes', 'int'],
    ['review_minutes', 'int'],
    ['deploy_minutes', 'int'],
    ['cycle_minutes', 'int'],
    ['size', 'int'],
    ['first_review_business_minutes', 'int'],
    ['approval_business_minutes', 'int'],
  ],
} as const satisfies Record<string, readonly Column[]>;

export type EventTable = keyof typeof COLUMNS;
/** The primary key of each table after workspace_id: an upsert replaces the row with the same key. */
const KEYS: Record<EventTable, string> = {
  delivery_pull_requests: 'id',
  delivery_pr_commits: 'pr_id, sha',
  delivery_pr_reviews: 'pr_id, id',
  delivery_deployments: 'id',
  delivery_shipped_commits: 'part_id, sha',
  delivery_incidents: 'id',
  delivery_commits: 'repo, sha',
  delivery_pr_metrics: 'pr_id',
};

export type EventRow = Readonly<Record<string, unknown>>;

/**
 * Refreshes the planner's statistics of these tables. After a bulk load into one workspace the
 * statistics still describe the tables before it (a new workspace looks like a handful of rows),
 * and the planner then picks any index that starts with workspace_id; autovacuum catches up
 * only later, and slower on a busy server.
 */
export async function analyzeTables(db: Db, tables: readonly EventTable[]): Promise<void> {
  if (tables.length === 0) return;
  // A 3,000-row sample (instead of 30,000) is enough to see which workspaces fill a table, and
  // ten times cheaper; autovacuum's next full ANALYZE refines it. Local to this transaction.
  await db.execute(sql`set local default_statistics_target = 10`);
  for (const table of tables) await db.execute(sql`analyze ${sql.raw(table)}`);
}

/**
 * `any(array[…])` of a list passed as one JSON parameter: the array is built once, so an index on
 * the column serves the match (an `in (select jsonb_array_elements_text(…))` may plan a scan).
 */
export const anyOf = (values: readonly string[]) => sql`any(array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)))`;

/**
 * A key list as the outer side of a `cross join lateral (… offset 0)`: the offset keeps the
 * planner from flattening the join, so the lookup runs once per key on the primary key, whatever
 * its statistics say about a workspace that just grew (a new workspace's rows are invisible to
 * them until the next ANALYZE, and a hash join would then read the whole workspace).
 */
const keyList = (keys: readonly string[]) => sql`jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k(key)`;

/** Inserts rows (snake_case keys), replacing any row with the same key. */
export async function upsertRows(db: Db, workspaceId: string, table: EventTable, rows: readonly EventRow[]): Promise<void> {
  const columns: readonly Column[] = COLUMNS[table];
  const names = columns.map(([n]) => n).join(', ');
  const defs = columns.map(([n, t]) => `${n} ${t}`).join(', ');
  const updates = columns.map(([n]) => `${n} = excluded.${n}`).join(', ');
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = JSON.stringify(rows.slice(i, i + BATCH));
    await db.execute(sql`
      insert into ${sql.raw(table)} (workspace_id, ${sql.raw(names)})
      select ${workspaceId}, ${sql.raw(names)} from jsonb_to_recordset(${batch}::jsonb) as x(${sql.raw(defs)})
      on conflict (workspace_id, ${sql.raw(KEYS[table])}) do update set ${sql.raw(updates)}`);
  }
}

/** Deletes the rows whose `column` is one of `values`. */
export async function deleteRowsWhere(db: Db, workspaceId: string, table: EventTable, column: 'pr_id' | 'part_id' | 'project', values: readonly string[]): Promise<void> {
  for (let i = 0; i < values.length; i += BATCH) {
    // By ctid through a per-key lookup, so the delete reads only the matching rows (see keyList).
    const matching = perKey(values.slice(i, i + BATCH), sql`select ctid as row_ctid from ${sql.raw(table)} where workspace_id = ${workspaceId} and ${sql.raw(column)} = k.key`);
    await db.execute(sql`delete from ${sql.raw(table)} where ctid = any(array(${matching}))`);
  }
}

/** The stored digest (and project) of each given key, to tell new, changed and unchanged rows apart. Commits are keyed `repo@sha`. */
export async function storedDigests(
  db: Db,
  workspaceId: string,
  table: 'delivery_pull_requests' | 'delivery_deployments' | 'delivery_incidents' | 'delivery_commits',
  keys: readonly string[],
): Promise<Map<string, { digest: string; project: string | null }>> {
  const out = new Map<string, { digest: string; project: string | null }>();
  for (let i = 0; i < keys.length; i += BATCH) {
    const chunk = keys.slice(i, i + BATCH);
    const query =
      table === 'delivery_commits'
        ? sql`select t.repo || '@' || t.sha as key, t.digest, null as project
              from jsonb_to_recordset(${JSON.stringify(chunk.map((k) => ({ repo: k.slice(0, k.lastIndexOf('@')), sha: k.slice(k.lastIndexOf('@') + 1) })))}::jsonb) as x(repo text, sha text)
              cross join lateral (select repo, sha, digest from delivery_commits where workspace_id = ${workspaceId} and repo = x.repo and sha = x.sha offset 0) t`
        : sql`select t.id as key, t.digest, t.project from ${keyList(chunk)}
              cross join lateral (select id, digest, project from ${sql.raw(table)} where workspace_id = ${workspaceId} and id = k.key offset 0) t`;
    const result = (await db.execute(query)) as unknown as { rows: { key: string; digest: string; project: string | null }[] };
    for (const r of result.rows) out.set(r.key, { digest: r.digest, project: r.project });
  }
  return out;
}

const isoOrNull = (v: string | Date | null): string | null => (v === null ? null : iso(v));

type Raw = Record<string, unknown>;
async function rows<T extends Raw>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** `select x.* from <keys> cross join lateral (<inner, filtered on k.key> offset 0) x`: one index lookup per key. */
const perKey = (keys: readonly string[], inner: SQL) => sql`select x.* from ${keyList(keys)} cross join lateral (${inner} offset 0) x`;

/** The projects whose deployments run in these repos (a new commit can change what they shipped). */
export async function projectsDeployingRepos(db: Db, workspaceId: string, repos: readonly string[]): Promise<string[]> {
  const found = await rows<{ project: string }>(
    db,
    sql`select distinct project from (${perKey(repos, sql`select project from delivery_deployments where workspace_id = ${workspaceId} and repo = k.key`)}) p`,
  );
  return found.map((r) => r.project);
}

export async function deploymentParts(
  db: Db,
  workspaceId: string,
  projects: readonly string[],
): Promise<(DeploymentPart & { shippedGiven: boolean; prevSuccessId: string | null })[]> {
  const found = await rows<Raw>(
    db,
    sql`select id, deployment_id, project, scope, repo, environment, result, started_at, finished_at, commit_sha, shipped_given, prev_success_id
        from (${perKey(projects, sql`select * from delivery_deployments where workspace_id = ${workspaceId} and project = k.key`)}) d order by id`,
  );
  return found.map((r) => ({
    id: r.id as string,
    deploymentId: r.deployment_id as string,
    project: r.project as string,
    scope: r.scope as string,
    repo: r.repo as string,
    environment: r.environment as string | null,
    result: r.result as string,
    startedAt: isoOrNull(r.started_at as string | null),
    finishedAt: isoOrNull(r.finished_at as string | null),
    commitSha: r.commit_sha as string | null,
    shippedGiven: r.shipped_given as boolean,
    prevSuccessId: r.prev_success_id as string | null,
  }));
}

/** Sets each part's previous successful part in one statement. */
export async function setPrevSuccess(db: Db, workspaceId: string, prev: readonly { id: string; prev: string | null }[]): Promise<void> {
  for (let i = 0; i < prev.length; i += BATCH) {
    const batch = JSON.stringify(prev.slice(i, i + BATCH));
    await db.execute(sql`update delivery_deployments d set prev_success_id = x.prev
      from jsonb_to_recordset(${batch}::jsonb) as x(id text, prev text)
      where d.workspace_id = ${workspaceId} and d.id = x.id and d.prev_success_id is distinct from x.prev`);
  }
}

/** The commits each of these parts shipped. */
export async function shippedCommits(db: Db, workspaceId: string, partIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (let i = 0; i < partIds.length; i += BATCH) {
    const found = await rows<{ part_id: string; sha: string }>(
      db,
      sql`select s.part_id, s.sha from ${keyList(partIds.slice(i, i + BATCH))}
          cross join lateral (select part_id, sha from delivery_shipped_commits where workspace_id = ${workspaceId} and part_id = k.key offset 0) s`,
    );
    for (const r of found) out.set(r.part_id, (out.get(r.part_id) ?? new Set()).add(r.sha));
  }
  return out;
}

/** Each commit's parents in these repos: the graph eos walks to derive shipped commits. */
export async function commitParents(db: Db, workspaceId: string, repos: readonly string[]): Promise<Map<string, Map<string, readonly string[]>>> {
  const found = await rows<{ repo: string; sha: string; parents: string[] }>(
    db,
    perKey(repos, sql`select repo, sha, parents from delivery_commits where workspace_id = ${workspaceId} and repo = k.key`),
  );
  const out = new Map<string, Map<string, readonly string[]>>();
  for (const r of found) {
    const graph = out.get(r.repo) ?? new Map<string, readonly string[]>();
    graph.set(r.sha, r.parents);
    out.set(r.repo, graph);
  }
  return out;
}

export async function pullRequestRows(db: Db, workspaceId: string, projects: readonly string[]): Promise<PullRequestRow[]> {
  const found = await rows<Raw>(
    db,
    sql`select id, project, repo, author, created_at, merged_at, merge_commit_sha, additions, deletions
        from (${perKey(projects, sql`select * from delivery_pull_requests where workspace_id = ${workspaceId} and project = k.key`)}) p order by id`,
  );
  return found.map((r) => ({
    id: r.id as string,
    project: r.project as string,
    repo: r.repo as string,
    author: r.author as string | null,
    createdAt: iso(r.created_at as string),
    mergedAt: isoOrNull(r.merged_at as string | null),
    mergeCommitSha: r.merge_commit_sha as string | null,
    additions: r.additions as number | null,
    deletions: r.deletions as number | null,
  }));
}

/** The commits of these PRs, in source order. */
export async function prCommitRows(db: Db, workspaceId: string, prIds: readonly string[]): Promise<PrCommitRow[]> {
  const out: PrCommitRow[] = [];
  for (let i = 0; i < prIds.length; i += BATCH) {
    const found = await rows<Raw>(
      db,
      sql`select c.pr_id, c.sha, c.authored_at from ${keyList(prIds.slice(i, i + BATCH))}
          cross join lateral (select pr_id, sha, authored_at, position from delivery_pr_commits where workspace_id = ${workspaceId} and pr_id = k.key offset 0) c
          order by c.pr_id, c.position`,
    );
    for (const r of found) out.push({ prId: r.pr_id as string, sha: r.sha as string, authoredAt: isoOrNull(r.authored_at as string | null) });
  }
  return out;
}

/** The reviews of these PRs, in source order. */
export async function prReviewRows(db: Db, workspaceId: string, prIds: readonly string[]): Promise<PrReviewRow[]> {
  const out: PrReviewRow[] = [];
  for (let i = 0; i < prIds.length; i += BATCH) {
    const found = await rows<Raw>(
      db,
      sql`select r.pr_id, r.id, r.author, r.state, r.submitted_at from ${keyList(prIds.slice(i, i + BATCH))}
          cross join lateral (select pr_id, id, author, state, submitted_at, position from delivery_pr_reviews where workspace_id = ${workspaceId} and pr_id = k.key offset 0) r
          order by r.pr_id, r.position`,
    );
    for (const r of found)
      out.push({ prId: r.pr_id as string, id: r.id as string, author: r.author as string | null, state: r.state as string, submittedAt: iso(r.submitted_at as string) });
  }
  return out;
}

/**
 * Who a PR's review concerns: its author, the reviewers requested (when the source said) and
 * everyone who reviewed it, in review order.
 */
export async function prReviewPeopleRows(
  db: Db,
  workspaceId: string,
  prIds: readonly string[],
): Promise<{ id: string; project: string; author: string | null; requestedReviewers: string[]; reviewers: string[] }[]> {
  if (prIds.length === 0) return [];
  const prs = await rows<Raw>(
    db,
    perKey(prIds, sql`select id, project, author, requested_reviewers from delivery_pull_requests where workspace_id = ${workspaceId} and id = k.key`),
  );
  const reviews = await prReviewRows(db, workspaceId, prIds);
  return prs.map((p) => ({
    id: p.id as string,
    project: p.project as string,
    author: p.author as string | null,
    requestedReviewers: (p.requested_reviewers as string[] | null) ?? [],
    reviewers: reviews.filter((r) => r.prId === p.id && r.author !== null).map((r) => r.author as string),
  }));
}

/** The incidents of these projects, plus those of no project (they link only by a named deployment). */
export async function incidentRows(db: Db, workspaceId: string, projects: readonly string[]): Promise<IncidentRow[]> {
  const found = await rows<Raw>(
    db,
    sql`select id, project, created_at, resolved_at, given_deployment_id
        from (${perKey(projects, sql`select * from delivery_incidents where workspace_id = ${workspaceId} and project = k.key`)}
              union all select * from delivery_incidents where workspace_id = ${workspaceId} and project is null) i order by id`,
  );
  return found.map((r) => ({
    id: r.id as string,
    project: r.project as string | null,
    createdAt: iso(r.created_at as string),
    resolvedAt: isoOrNull(r.resolved_at as string | null),
    givenDeploymentId: r.given_deployment_id as string | null,
  }));
}

export async function setIncidentDeployments(db: Db, workspaceId: string, links: readonly { id: string; deployment: string | null }[]): Promise<void> {
  for (let i = 0; i < links.length; i += BATCH) {
    const batch = JSON.stringify(links.slice(i, i + BATCH));
    await db.execute(sql`update delivery_incidents t set deployment_id = x.deployment
      from jsonb_to_recordset(${batch}::jsonb) as x(id text, deployment text)
      where t.workspace_id = ${workspaceId} and t.id = x.id and t.deployment_id is distinct from x.deployment`);
  }
}

/** Replaces the PR stage times of these projects. */
export async function replacePrMetrics(db: Db, workspaceId: string, projects: readonly string[], metrics: readonly PrMetricRow[]): Promise<void> {
  await deleteRowsWhere(db, workspaceId, 'delivery_pr_metrics', 'project', projects);
  await upsertRows(
    db,
    workspaceId,
    'delivery_pr_metrics',
    metrics.map((m) => ({
      pr_id: m.prId,
      project: m.project,
      repo: m.repo,
      author: m.author,
      first_commit_sha: m.firstCommitSha,
      first_commit_authored_at: m.firstCommitAuthoredAt,
      first_review_id: m.firstReviewId,
      first_review_at: m.firstReviewAt,
      first_approval_at: m.firstApprovalAt,
      pr_created_at: m.prCreatedAt,
      pr_merged_at: m.prMergedAt,
      deployment_part_id: m.deploymentPartId,
      pr_deployed_at: m.prDeployedAt,
      coding_minutes: m.codingMinutes,
      pickup_minutes: m.pickupMinutes,
      review_minutes: m.reviewMinutes,
      deploy_minutes: m.deployMinutes,
      cycle_minutes: m.cycleMinutes,
      size: m.size,
      first_review_business_minutes: m.firstReviewBusinessMinutes,
      approval_business_minutes: m.approvalBusinessMinutes,
    })),
  );
}

export interface TeamRow {
  readonly team: string;
  readonly projects: readonly string[];
  readonly timeZone: string;
  readonly workDays: readonly number[];
  readonly dayStart: string;
  readonly dayEnd: string;
}

export async function teamRows(db: Db, workspaceId: string): Promise<TeamRow[]> {
  const found = await rows<Raw>(db, sql`select team, projects, time_zone, work_days, day_start, day_end from delivery_teams where workspace_id = ${workspaceId} order by team`);
  return found.map((r) => ({
    team: r.team as string,
    projects: r.projects as string[],
    timeZone: r.time_zone as string,
    workDays: r.work_days as number[],
    dayStart: r.day_start as string,
    dayEnd: r.day_end as string,
  }));
}

export async function upsertTeam(db: Db, workspaceId: string, team: TeamRow): Promise<void> {
  await db.execute(sql`insert into delivery_teams (workspace_id, team, projects, time_zone, work_days, day_start, day_end)
    values (${workspaceId}, ${team.team}, ${JSON.stringify(team.projects)}::jsonb, ${team.timeZone}, ${JSON.stringify(team.workDays)}::jsonb, ${team.dayStart}, ${team.dayEnd})
    on conflict (workspace_id, team) do update set projects = excluded.projects, time_zone = excluded.time_zone, work_days = excluded.work_days,
      day_start = excluded.day_start, day_end = excluded.day_end`);
}

/** Which of these projects no event names (each checked on the project indexes). */
export async function projectsWithoutEvents(db: Db, workspaceId: string, projects: readonly string[]): Promise<string[]> {
  if (projects.length === 0) return [];
  const found = await rows<{ key: string }>(
    db,
    sql`select k.key from ${keyList(projects)}
        where not exists (select 1 from delivery_deployments where workspace_id = ${workspaceId} and project = k.key)
          and not exists (select 1 from delivery_pull_requests where workspace_id = ${workspaceId} and project = k.key)
          and not exists (select 1 from delivery_incidents where workspace_id = ${workspaceId} and project = k.key)`,
  );
  return found.map((r) => r.key);
}

/** Every project that has events, for listing and for team checks. */
export async function knownProjects(db: Db, workspaceId: string): Promise<string[]> {
  const found = await rows<{ project: string }>(
    db,
    sql`select project from delivery_deployments where workspace_id = ${workspaceId}
        union select project from delivery_pull_requests where workspace_id = ${workspaceId}
        union select project from delivery_incidents where workspace_id = ${workspaceId} and project is not null order by 1`,
  );
  return found.map((r) => r.project);
}

/** Each incident with the deployment it is linked to (CONTRACT §7), for listing and tests. */
export async function incidentLinkRows(db: Db, workspaceId: string): Promise<{ id: string; project: string | null; deploymentId: string | null }[]> {
  const found = await rows<{ id: string; project: string | null; deployment_id: string | null }>(
    db,
    sql`select id, project, deployment_id from delivery_incidents where workspace_id = ${workspaceId} order by id`,
  );
  return found.map((r) => ({ id: r.id, project: r.project, deploymentId: r.deployment_id }));
}

/** Each deployment part with its derived previous successful part. */
export async function prevSuccessRows(db: Db, workspaceId: string): Promise<{ id: string; prevSuccessId: string | null }[]> {
  const found = await rows<{ id: string; prev_success_id: string | null }>(
    db,
    sql`select id, prev_success_id from delivery_deployments where workspace_id = ${workspaceId} order by id`,
  );
  return found.map((r) => ({ id: r.id, prevSuccessId: r.prev_success_id }));
}

/** The pull requests neither merged nor closed, with their reviews (review SLAs of waiting PRs). */
export async function openPullRequestRows(db: Db, workspaceId: string): Promise<{ id: string; project: string; author: string | null; createdAt: string }[]> {
  const found = await rows<Raw>(
    db,
    sql`select id, project, author, created_at from delivery_pull_requests
        where workspace_id = ${workspaceId} and merged_at is null and closed_at is null order by id`,
  );
  return found.map((r) => ({ id: r.id as string, project: r.project as string, author: r.author as string | null, createdAt: iso(r.created_at as string) }));
}

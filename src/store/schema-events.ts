import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Delivery events (CONTRACT §7) and what eos derives from them, DevLake-style: the derived
// tables (previous successful deployment, PR stage times, incident links) are refreshed when
// events arrive, so a metrics query only aggregates over a window.

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const deliveryPullRequests = pgTable(
  'delivery_pull_requests',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    project: text('project').notNull(),
    repo: text('repo').notNull(),
    number: integer('number'),
    title: text('title'),
    author: text('author'),
    createdAt: at('created_at').notNull(),
    mergedAt: at('merged_at'),
    closedAt: at('closed_at'),
    mergeCommitSha: text('merge_commit_sha'),
    additions: integer('additions'),
    deletions: integer('deletions'),
    baseBranch: text('base_branch'),
    /** Who was asked to review, when the source says (a review-SLA alert reaches them). */
    requestedReviewers: jsonb('requested_reviewers').$type<string[]>(),
    /** The PR with its commits and reviews as ingested: equal digests mean nothing changed. */
    digest: text('digest').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('delivery_prs_project').on(t.workspaceId, t.project, t.mergedAt)],
);

export const deliveryPrCommits = pgTable(
  'delivery_pr_commits',
  {
    workspaceId: text('workspace_id').notNull(),
    prId: text('pr_id').notNull(),
    sha: text('sha').notNull(),
    position: integer('position').notNull(),
    authoredAt: at('authored_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.prId, t.sha] })],
);

export const deliveryPrReviews = pgTable(
  'delivery_pr_reviews',
  {
    workspaceId: text('workspace_id').notNull(),
    prId: text('pr_id').notNull(),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    author: text('author'),
    state: text('state').notNull(),
    submittedAt: at('submitted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.prId, t.id] })],
);

/** One row per deployment part (one repository's part, DevLake's deployment commit). */
export const deliveryDeployments = pgTable(
  'delivery_deployments',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    deploymentId: text('deployment_id').notNull(),
    project: text('project').notNull(),
    scope: text('scope').notNull(),
    repo: text('repo').notNull(),
    service: text('service'),
    environment: text('environment'),
    result: text('result').notNull(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    commitSha: text('commit_sha'),
    /** Whether the source listed shippedCommits; if not, eos derives them from the commit graph. */
    shippedGiven: boolean('shipped_given').notNull(),
    digest: text('digest').notNull(),
    /** Derived: the previous successful part of the same (scope, repo, environment) series, '' for the first. */
    prevSuccessId: text('prev_success_id'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('delivery_deployments_project').on(t.workspaceId, t.project, t.finishedAt),
    // Workspace-wide windows (no --project) range over the finish time directly.
    index('delivery_deployments_finished').on(t.workspaceId, t.finishedAt),
    index('delivery_deployments_group').on(t.workspaceId, t.deploymentId),
  ],
);

export const deliveryShippedCommits = pgTable(
  'delivery_shipped_commits',
  {
    workspaceId: text('workspace_id').notNull(),
    partId: text('part_id').notNull(),
    sha: text('sha').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.partId, t.sha] })],
);

export const deliveryIncidents = pgTable(
  'delivery_incidents',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    project: text('project'),
    title: text('title'),
    severity: text('severity'),
    service: text('service'),
    createdAt: at('created_at').notNull(),
    resolvedAt: at('resolved_at'),
    /** The deployment the source named, if any. */
    givenDeploymentId: text('given_deployment_id'),
    digest: text('digest').notNull(),
    /** Derived: the deployment the incident is blamed on (given, or the last one before it). */
    deploymentId: text('deployment_id'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('delivery_incidents_project').on(t.workspaceId, t.project, t.resolvedAt),
    index('delivery_incidents_resolved').on(t.workspaceId, t.resolvedAt),
    index('delivery_incidents_deployment').on(t.workspaceId, t.deploymentId),
  ],
);

export const deliveryCommits = pgTable(
  'delivery_commits',
  {
    workspaceId: text('workspace_id').notNull(),
    repo: text('repo').notNull(),
    sha: text('sha').notNull(),
    parents: jsonb('parents').$type<string[]>().notNull(),
    authoredAt: at('authored_at'),
    committedAt: at('committed_at'),
    author: text('author'),
    message: text('message'),
    digest: text('digest').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.repo, t.sha] })],
);

/** Derived per merged PR, as DevLake's project_pr_metrics: stage times in whole minutes. */
export const deliveryPrMetrics = pgTable(
  'delivery_pr_metrics',
  {
    workspaceId: text('workspace_id').notNull(),
    prId: text('pr_id').notNull(),
    project: text('project').notNull(),
    repo: text('repo').notNull(),
    author: text('author'),
    firstCommitSha: text('first_commit_sha'),
    firstCommitAuthoredAt: at('first_commit_authored_at'),
    firstReviewId: text('first_review_id'),
    firstReviewAt: at('first_review_at'),
    firstApprovalAt: at('first_approval_at'),
    prCreatedAt: at('pr_created_at').notNull(),
    prMergedAt: at('pr_merged_at').notNull(),
    deploymentPartId: text('deployment_part_id'),
    prDeployedAt: at('pr_deployed_at'),
    codingMinutes: integer('coding_minutes'),
    pickupMinutes: integer('pickup_minutes'),
    reviewMinutes: integer('review_minutes'),
    deployMinutes: integer('deploy_minutes'),
    cycleMinutes: integer('cycle_minutes').notNull(),
    size: integer('size'),
    /** Business minutes (the owning team's hours) from creation to the first review, or to the merge without one. */
    firstReviewBusinessMinutes: integer('first_review_business_minutes'),
    /** The same to the first approval. */
    approvalBusinessMinutes: integer('approval_business_minutes'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.prId] }),
    index('delivery_pr_metrics_deployed').on(t.workspaceId, t.project, t.prDeployedAt),
    index('delivery_pr_metrics_merged').on(t.workspaceId, t.project, t.prMergedAt),
    index('delivery_pr_metrics_all_deployed').on(t.workspaceId, t.prDeployedAt),
    index('delivery_pr_metrics_all_merged').on(t.workspaceId, t.prMergedAt),
  ],
);

/** A team's delivery settings: the projects it owns and its business hours (review SLAs). */
export const deliveryTeams = pgTable(
  'delivery_teams',
  {
    workspaceId: text('workspace_id').notNull(),
    team: text('team').notNull(),
    projects: jsonb('projects').$type<string[]>().notNull(),
    timeZone: text('time_zone').notNull(),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    workDays: jsonb('work_days').$type<number[]>().notNull(),
    dayStart: text('day_start').notNull(),
    dayEnd: text('day_end').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.team] })],
);

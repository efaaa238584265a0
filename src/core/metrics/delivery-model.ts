/**
 * The rows the DORA definitions read: plain data, as the store returns it. Times are ISO-8601
 * strings in UTC. These mirror DevLake's domain tables (cicd_deployment_commits,
 * pull_requests, pull_request_comments, incidents) closely enough to follow its definitions.
 */

/** One repository's part of a deployment (DevLake's deployment commit). */
export interface DeploymentPart {
  readonly id: string;
  readonly deploymentId: string;
  readonly project: string;
  readonly scope: string;
  readonly repo: string;
  readonly environment: string | null;
  readonly result: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly commitSha: string | null;
}

export interface PullRequestRow {
  readonly id: string;
  readonly project: string;
  readonly repo: string;
  readonly author: string | null;
  readonly createdAt: string;
  readonly mergedAt: string | null;
  readonly mergeCommitSha: string | null;
  readonly additions: number | null;
  readonly deletions: number | null;
}

export interface PrCommitRow {
  readonly prId: string;
  readonly sha: string;
  readonly authoredAt: string | null;
}

export interface PrReviewRow {
  readonly prId: string;
  readonly id: string;
  readonly author: string | null;
  readonly state: string;
  readonly submittedAt: string;
}

export interface IncidentRow {
  readonly id: string;
  readonly project: string | null;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
  readonly givenDeploymentId: string | null;
}

export const isProduction = (environment: string | null): boolean => environment?.toLowerCase() === 'production';
export const isSuccess = (result: string): boolean => result.toLowerCase() === 'success';
/** The parts DORA counts: successful, in production, finished. */
export const countsForDora = (p: DeploymentPart): boolean => isSuccess(p.result) && isProduction(p.environment) && p.finishedAt !== null;

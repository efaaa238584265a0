import type { DeploymentEvent, EventBatchInput } from '../../core/metrics/event-batch.ts';
import type { GitHubDeployment, GitHubDeploymentStatus, GitHubPull, GitHubPullCommit, GitHubReview } from './github-types.ts';

type PullRequestInput = NonNullable<EventBatchInput['pullRequests']>[number];
type DeploymentInput = NonNullable<EventBatchInput['deployments']>[number];

export interface GitHubScope {
  /** `owner/name`: the repo's name in eos. */
  readonly repo: string;
  /** The DevLake-style project; defaults to the repo. */
  readonly project?: string;
  /** Environments whose name matches count as production (default /prod/i), besides GitHub's own production flag. */
  readonly production?: RegExp;
}

/** A PR's id in eos: stable across re-ingests and readable (`octo/app#12`). */
export const pullRequestId = (repo: string, number: number) => `${repo}#${number}`;
export const deploymentPartId = (repo: string, id: number) => `${repo}/deployments/${id}`;

export function reviewToEvent(review: GitHubReview) {
  return { id: String(review.id), author: review.user?.login ?? null, state: review.state.toLowerCase(), submittedAt: review.submitted_at as string };
}

/** PENDING reviews are drafts nobody else sees yet; they have no submitted_at. */
export const isSubmitted = (review: GitHubReview) => Boolean(review.submitted_at) && review.state.toUpperCase() !== 'PENDING';

function requestedOf(pull: GitHubPull): { requestedReviewers?: string[] } {
  const logins = (pull.requested_reviewers ?? []).flatMap((u) => (u?.login ? [u.login] : []));
  return logins.length > 0 ? { requestedReviewers: logins } : {};
}

/**
 * A GitHub pull request (list, single or webhook shape) with its reviews and commits, as an
 * eos pull request. `merge_commit_sha` is kept only once merged: before that it names
 * GitHub's test merge, which nothing ever deploys.
 */
export function pullToEvent(scope: GitHubScope, pull: GitHubPull, extra: { reviews?: readonly GitHubReview[]; commits?: readonly GitHubPullCommit[] } = {}): PullRequestInput {
  return {
    id: pullRequestId(scope.repo, pull.number),
    project: scope.project ?? scope.repo,
    repo: scope.repo,
    number: pull.number,
    title: pull.title,
    author: pull.user?.login ?? null,
    createdAt: pull.created_at,
    mergedAt: pull.merged_at,
    closedAt: pull.closed_at,
    mergeCommitSha: pull.merged_at ? pull.merge_commit_sha : null,
    additions: pull.additions ?? null,
    deletions: pull.deletions ?? null,
    baseBranch: pull.base?.ref ?? null,
    // Whom a review-SLA alert reaches; left out when none are pending, so the reviewers are those who reviewed.
    ...requestedOf(pull),
    commits: (extra.commits ?? []).map((c) => ({ sha: c.sha, authoredAt: c.commit.author?.date ?? null })),
    reviews: (extra.reviews ?? []).filter(isSubmitted).map(reviewToEvent),
  };
}

const TERMINAL: Readonly<Record<string, DeploymentEvent['result']>> = { success: 'success', failure: 'failure', error: 'failure' };

export type DeploymentOutcome =
  | { readonly kind: 'finished'; readonly deployment: DeploymentInput }
  /** Only 'inactive' is left (GitHub deletes statuses after 90 days): it succeeded once, when is unknown. */
  | { readonly kind: 'inferred'; readonly deployment: DeploymentInput }
  | { readonly kind: 'pending'; readonly state: string };

export function environmentOf(scope: GitHubScope, deployment: Pick<GitHubDeployment, 'environment' | 'production_environment'>): string {
  return deployment.production_environment === true || (scope.production ?? /prod/i).test(deployment.environment) ? 'production' : deployment.environment;
}

/**
 * A GitHub deployment and its statuses (any order) as one eos deployment part: it started at
 * its first `in_progress` status (else when it was created) and finished at its first
 * terminal one (`success`, or `failure`/`error` as a failure). Without a terminal status it is
 * still running and is left out.
 */
export function deploymentToEvent(scope: GitHubScope, deployment: GitHubDeployment, statuses: readonly GitHubDeploymentStatus[]): DeploymentOutcome {
  const ordered = [...statuses].sort((a, b) => (a.created_at === b.created_at ? a.id - b.id : a.created_at < b.created_at ? -1 : 1));
  const terminal = ordered.find((s) => TERMINAL[s.state.toLowerCase()]);
  const base = {
    id: deploymentPartId(scope.repo, deployment.id),
    project: scope.project ?? scope.repo,
    repo: scope.repo,
    environment: environmentOf(scope, deployment),
    commitSha: deployment.sha,
  };
  if (!terminal) {
    if (ordered.length > 0 && ordered.every((s) => s.state.toLowerCase() === 'inactive')) {
      return { kind: 'inferred', deployment: { ...base, result: 'success', startedAt: deployment.created_at, finishedAt: deployment.created_at } };
    }
    return { kind: 'pending', state: ordered.at(-1)?.state.toLowerCase() ?? 'created' };
  }
  const started = ordered.find((s) => s.state.toLowerCase() === 'in_progress' && s.created_at <= terminal.created_at);
  return {
    kind: 'finished',
    deployment: { ...base, result: TERMINAL[terminal.state.toLowerCase()] as string, startedAt: started?.created_at ?? deployment.created_at, finishedAt: terminal.created_at },
  };
}

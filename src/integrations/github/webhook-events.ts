import type { EventBatchInput } from '../../core/metrics/event-batch.ts';
import { deploymentToEvent, type GitHubScope, isSubmitted, pullToEvent, reviewToEvent } from './github-to-events.ts';
import type { GitHubDeployment, GitHubDeploymentStatus, GitHubPull, GitHubReview } from './github-types.ts';

type PullRequestInput = NonNullable<EventBatchInput['pullRequests']>[number];
type ReviewInput = NonNullable<PullRequestInput['reviews']>[number];
type DeploymentInput = NonNullable<EventBatchInput['deployments']>[number];

/** What one GitHub webhook delivery means for the event store, before it is merged with what is stored. */
export type GitHubWebhookUpdate =
  | { readonly kind: 'pullRequest'; readonly pullRequest: PullRequestInput; readonly review: ReviewInput | undefined }
  | { readonly kind: 'deployment'; readonly deployment: DeploymentInput }
  | { readonly kind: 'ignored'; readonly reason: string };

export const GITHUB_WEBHOOK_EVENTS = ['pull_request', 'pull_request_review', 'deployment', 'deployment_status', 'ping'] as const;

interface Payload {
  readonly action?: string;
  readonly repository?: { readonly full_name?: string };
  readonly pull_request?: GitHubPull & Record<string, unknown>;
  readonly review?: GitHubReview;
  readonly deployment?: GitHubDeployment;
  readonly deployment_status?: GitHubDeploymentStatus;
}

/** The PR as the payload has it; size is left out when the payload lacks it (review payloads do), so the stored size stays. */
function pullFromPayload(scope: GitHubScope, pull: GitHubPull & Record<string, unknown>): PullRequestInput {
  const { additions, deletions, commits: _c, reviews: _r, ...event } = pullToEvent(scope, pull);
  return { ...event, ...('additions' in pull ? { additions } : {}), ...('deletions' in pull ? { deletions } : {}) };
}

/**
 * Reads a GitHub webhook delivery (`X-GitHub-Event` and its JSON body): a `pull_request` or
 * `pull_request_review` updates its PR, and a `deployment_status` that reaches `success`,
 * `failure` or `error` finishes its deployment. A `deployment` (created) or a status that is
 * still running changes nothing yet: a deployment is stored once it has a result.
 *
 * @example githubWebhookUpdate('deployment_status', payload).kind // 'deployment'
 */
export function githubWebhookUpdate(event: string, payload: Payload, options: { production?: RegExp } = {}): GitHubWebhookUpdate {
  const repo = payload.repository?.full_name;
  if (event === 'ping') return { kind: 'ignored', reason: 'ping: the webhook reaches eos' };
  if (!repo) return { kind: 'ignored', reason: `${event}: the payload names no repository` };
  const scope: GitHubScope = { repo, ...(options.production ? { production: options.production } : {}) };
  if ((event === 'pull_request' || event === 'pull_request_review') && payload.pull_request) {
    const review = event === 'pull_request_review' && payload.review ? payload.review : undefined;
    const state = payload.action === 'dismissed' && review ? { ...review, state: 'DISMISSED' } : review;
    return { kind: 'pullRequest', pullRequest: pullFromPayload(scope, payload.pull_request), review: state && isSubmitted(state) ? reviewToEvent(state) : undefined };
  }
  if (event === 'deployment' && payload.deployment) {
    return { kind: 'ignored', reason: `deployment ${payload.deployment.id} was created; it is stored when a status reports success, failure or error` };
  }
  if (event === 'deployment_status' && payload.deployment && payload.deployment_status) {
    const status = payload.deployment_status;
    const outcome = deploymentToEvent(scope, payload.deployment, [status]);
    if (outcome.kind !== 'finished') return { kind: 'ignored', reason: `deployment ${payload.deployment.id} is ${status.state}: nothing to record until it succeeds or fails` };
    return { kind: 'deployment', deployment: outcome.deployment };
  }
  return { kind: 'ignored', reason: `${event}${payload.action ? ` (${payload.action})` : ''} carries nothing eos records` };
}

const bySubmitted = (a: ReviewInput, b: ReviewInput) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : a.id.localeCompare(b.id));

/**
 * Merges a webhook's PR into the stored one: the payload's fields win, the stored commits and
 * reviews stay, and the delivered review replaces the stored review with its id.
 */
export function mergePullRequest(stored: PullRequestInput | undefined, update: { pullRequest: PullRequestInput; review: ReviewInput | undefined }): PullRequestInput {
  const reviews = (stored?.reviews ?? []).filter((r) => r.id !== update.review?.id);
  return {
    ...stored,
    ...update.pullRequest,
    project: stored?.project ?? update.pullRequest.project,
    commits: stored?.commits ?? [],
    reviews: update.review ? [...reviews, update.review].sort(bySubmitted) : reviews,
  };
}

/** Merges a finished deployment into the stored part: a start time known earlier stays, as do project, scope, service and shipped commits. */
export function mergeDeployment(stored: DeploymentInput | undefined, update: DeploymentInput): DeploymentInput {
  if (!stored) return update;
  return {
    ...stored,
    ...update,
    project: stored.project ?? update.project,
    scope: stored.scope ?? null,
    service: stored.service ?? null,
    startedAt: stored.startedAt && update.startedAt && stored.startedAt < update.startedAt ? stored.startedAt : update.startedAt,
    shippedCommits: stored.shippedCommits ?? null,
  };
}

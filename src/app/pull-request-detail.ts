import { notFound } from '../core/errors.ts';
import type { PrMetricRow } from '../core/metrics/flow-metrics.ts';
import { prUrl } from '../core/metrics/pr-url.ts';
import { windowMergedPrs } from '../store/delivery-window-rows.ts';
import { storedPullRequest } from '../store/stored-delivery-events.ts';
import type { Session } from './session.ts';

export type StoredPullRequest = NonNullable<Awaited<ReturnType<typeof storedPullRequest>>>;

export interface PullRequestDetail {
  readonly pullRequest: StoredPullRequest;
  /** Its stage times once merged (DevLake's project_pr_metrics row), else null. */
  readonly stages: PrMetricRow | null;
  /** Where it lives, when its id says so (GitHub), else null. */
  readonly url: string | null;
}

/**
 * One pull request as stored, with its commits, reviews and stage times: the PR page a review
 * SLA breach links to when the PR has no web address of its own.
 *
 * @example await pullRequestDetail(session, 'octo/api#12')
 */
export async function pullRequestDetail(session: Session, id: string): Promise<PullRequestDetail> {
  const pullRequest = await storedPullRequest(session.store.db, session.workspaceId, id);
  if (!pullRequest) throw notFound(`No pull request '${id}' has been ingested`, { id });
  const mergedAt = pullRequest.mergedAt ?? null;
  const stages = mergedAt
    ? ((await windowMergedPrs(session.store.db, { workspaceId: session.workspaceId, projects: [pullRequest.project ?? pullRequest.repo], from: mergedAt, to: mergedAt })).find(
        (p) => p.prId === id,
      ) ?? null)
    : null;
  return { pullRequest, stages, url: prUrl(id) };
}

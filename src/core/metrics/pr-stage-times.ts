import type { DeploymentPart, PrCommitRow, PrReviewRow, PullRequestRow } from './delivery-model.ts';
import { isProduction, isSuccess } from './delivery-model.ts';
import { compareIds } from './prev-success.ts';
import { ceilMinutes } from './time-span.ts';

/** One merged PR's stage times, as DevLake's `project_pr_metrics` row (minutes, rounded up). */
export interface PrStageTimes {
  readonly prId: string;
  readonly project: string;
  readonly repo: string;
  readonly author: string | null;
  readonly firstCommitSha: string | null;
  readonly firstCommitAuthoredAt: string | null;
  readonly firstReviewId: string | null;
  readonly firstReviewAt: string | null;
  /** Not in DevLake: the first approval by someone else, for the review SLA. */
  readonly firstApprovalAt: string | null;
  readonly prCreatedAt: string;
  readonly prMergedAt: string;
  readonly deploymentPartId: string | null;
  readonly prDeployedAt: string | null;
  readonly codingMinutes: number | null;
  readonly pickupMinutes: number | null;
  readonly reviewMinutes: number | null;
  readonly deployMinutes: number | null;
  readonly cycleMinutes: number;
  /** Not in DevLake: additions + deletions. */
  readonly size: number | null;
}

export interface PrStageTimesInput {
  readonly pullRequests: readonly PullRequestRow[];
  /** In source order: ties on the earliest time go to the first listed, as DevLake's DB order. */
  readonly commits: readonly PrCommitRow[];
  readonly reviews: readonly PrReviewRow[];
  /** The project's deployment parts. */
  readonly parts: readonly DeploymentPart[];
  /** Each part's previous successful part ('' for the first of its series). */
  readonly prevSuccess: ReadonlyMap<string, string>;
  /** The merge commits each part shipped. */
  readonly shipped: ReadonlyMap<string, ReadonlySet<string>>;
}

const earliest = <T>(rows: readonly T[], at: (row: T) => string | null): T | undefined => {
  let best: T | undefined;
  for (const row of rows) {
    const t = at(row);
    if (t === null) continue;
    const bt = best === undefined ? null : at(best);
    if (bt === null || Date.parse(t) < Date.parse(bt)) best = row;
  }
  return best;
};

/**
 * The first review and the first approval a PR had from someone other than its author (a
 * self-review doesn't count): what pickup time and the review SLA both measure to.
 */
export function firstReviewsByOthers<R extends { readonly author: string | null; readonly state: string; readonly submittedAt: string }>(
  author: string | null,
  reviews: readonly R[],
): { firstReview: R | undefined; firstApproval: R | undefined } {
  const byOthers = reviews.filter((r) => !author || r.author !== author);
  return {
    firstReview: earliest(byOthers, (r) => r.submittedAt),
    firstApproval: earliest(
      byOthers.filter((r) => r.state === 'approved'),
      (r) => r.submittedAt,
    ),
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/** The key of a merge commit within a project: `deployingParts` answers per (project, sha). */
export const shippedKey = (project: string, sha: string) => `${project}\u0000${sha}`;

/**
 * Which part deployed each merge commit in each project (DevLake §3.3, whose
 * `project_pr_metrics` is per project): a successful production part of that project that is
 * not the first of its series and shipped the commit; the earliest start wins, then the lowest
 * id. Keyed by `shippedKey(project, sha)`, so a commit two projects deploy has a part in each.
 */
export function deployingParts(input: Pick<PrStageTimesInput, 'parts' | 'prevSuccess' | 'shipped'>): Map<string, DeploymentPart> {
  const byKey = new Map<string, DeploymentPart>();
  const startOf = (p: DeploymentPart) => (p.startedAt ? Date.parse(p.startedAt) : Number.NEGATIVE_INFINITY);
  for (const part of input.parts) {
    if (!isSuccess(part.result) || !isProduction(part.environment) || !input.prevSuccess.get(part.id)) continue;
    for (const sha of input.shipped.get(part.id) ?? []) {
      const key = shippedKey(part.project, sha);
      const current = byKey.get(key);
      if (!current || startOf(part) < startOf(current) || (startOf(part) === startOf(current) && compareIds(part.id, current.id) < 0)) byKey.set(key, part);
    }
  }
  return byKey;
}

/**
 * DevLake's `calculateChangeLeadTime`: a row per merged PR with coding, pickup, review, deploy
 * and cycle time. Cycle time is coding + time to merge + deploy, with a null stage counted as 0.
 *
 * @example prStageTimes({ pullRequests, commits, reviews, parts, prevSuccess, shipped })[0].cycleMinutes // 4478
 */
export function prStageTimes(input: PrStageTimesInput): PrStageTimes[] {
  const commitsOf = groupBy(input.commits, (c) => c.prId);
  const reviewsOf = groupBy(input.reviews, (r) => r.prId);
  const deployedBy = deployingParts(input);
  const out: PrStageTimes[] = [];
  for (const pr of input.pullRequests) {
    if (!pr.mergedAt) continue;
    const firstCommit = earliest(commitsOf.get(pr.id) ?? [], (c) => c.authoredAt);
    const { firstReview, firstApproval } = firstReviewsByOthers(pr.author, reviewsOf.get(pr.id) ?? []);
    const part = pr.mergeCommitSha ? deployedBy.get(shippedKey(pr.project, pr.mergeCommitSha)) : undefined;
    const coding = ceilMinutes(firstCommit?.authoredAt, pr.createdAt);
    const deploy = ceilMinutes(pr.mergedAt, part?.finishedAt);
    out.push({
      prId: pr.id,
      project: pr.project,
      repo: pr.repo,
      author: pr.author,
      firstCommitSha: firstCommit?.sha ?? null,
      firstCommitAuthoredAt: firstCommit?.authoredAt ?? null,
      firstReviewId: firstReview?.id ?? null,
      firstReviewAt: firstReview?.submittedAt ?? null,
      firstApprovalAt: firstApproval?.submittedAt ?? null,
      prCreatedAt: pr.createdAt,
      prMergedAt: pr.mergedAt,
      deploymentPartId: part?.id ?? null,
      prDeployedAt: part?.finishedAt ?? null,
      codingMinutes: coding,
      pickupMinutes: ceilMinutes(pr.createdAt, firstReview?.submittedAt),
      reviewMinutes: ceilMinutes(firstReview?.submittedAt, pr.mergedAt),
      deployMinutes: deploy,
      cycleMinutes: (coding ?? 0) + (ceilMinutes(pr.createdAt, pr.mergedAt) ?? 0) + (deploy ?? 0),
      size: pr.additions === null && pr.deletions === null ? null : (pr.additions ?? 0) + (pr.deletions ?? 0),
    });
  }
  return out;
}

import { type BusinessHours, businessMinutes } from './business-hours.ts';
import { firstReviewsByOthers, type PrStageTimes } from './pr-stage-times.ts';

/** Review SLAs from seed 001: first review within 4 business hours, approval within 24. */
export const FIRST_REVIEW_SLA_MINUTES = 4 * 60;
export const APPROVAL_SLA_MINUTES = 24 * 60;
/** Seed 001: "if no response within 8 hours the author escalates to the team lead". */
export const FIRST_REVIEW_ESCALATION_MINUTES = 8 * 60;

export interface PrCycleTime {
  readonly prs: number;
  readonly medianMinutes: number | null;
  readonly codingMinutes: number | null;
  readonly pickupMinutes: number | null;
  readonly reviewMinutes: number | null;
  readonly deployMinutes: number | null;
  /** Time to first review: the same span as pickup. */
  readonly timeToFirstReviewMinutes: number | null;
  /** Additions + deletions. */
  readonly medianPrSize: number | null;
  readonly reason?: string;
}

/** A PR's stage times as stored: DevLake's row plus its review-SLA business minutes. */
export interface PrMetricRow extends PrStageTimes {
  readonly firstReviewBusinessMinutes: number | null;
  readonly approvalBusinessMinutes: number | null;
}

export interface SlaBreach {
  readonly prId: string;
  readonly project: string;
  readonly kind: 'firstReview' | 'approval';
  /** Business minutes from the PR's creation to the review (or approval), or to the merge when there was none. */
  readonly businessMinutes: number;
}

/**
 * Business minutes from a PR's creation to its first review by someone else and to its first
 * approval; where there was none, to its merge (so a PR merged unreviewed after the limit
 * breaches). Stored at ingest, so a metrics query only compares them with the SLAs.
 *
 * @example reviewSlaMinutes(row, DEFAULT_BUSINESS_HOURS) // { firstReview: 360, approval: 480 }
 */
export function reviewSlaMinutes(
  row: Pick<PrStageTimes, 'prCreatedAt' | 'prMergedAt' | 'firstReviewAt' | 'firstApprovalAt'>,
  hours: BusinessHours,
): { firstReview: number; approval: number } {
  return {
    firstReview: businessMinutes(row.prCreatedAt, row.firstReviewAt ?? row.prMergedAt, hours),
    approval: businessMinutes(row.prCreatedAt, row.firstApprovalAt ?? row.prMergedAt, hours),
  };
}

/** A pull request not merged or closed yet, with the reviews it has had. */
export interface OpenPullRequest {
  readonly id: string;
  readonly project: string;
  readonly author: string | null;
  readonly createdAt: string;
  readonly reviews: readonly { readonly author: string | null; readonly state: string; readonly submittedAt: string }[];
}

/**
 * The review-SLA breaches of PRs still open, measured as merged PRs are (reviewSlaMinutes), with
 * `now` standing in for the merge: a PR waiting for its first review by someone else for more
 * than 4 business hours breaches before anyone merges it.
 *
 * @example openPrSlaBreaches([pr], '2026-06-01T15:00:00Z', () => DEFAULT_BUSINESS_HOURS) // [{ prId, kind: 'firstReview', businessMinutes: 360, … }]
 */
export function openPrSlaBreaches(prs: readonly OpenPullRequest[], now: string, hoursOf: (project: string) => BusinessHours): SlaBreach[] {
  return prs.flatMap((pr) => {
    const { firstReview, firstApproval } = firstReviewsByOthers(pr.author, pr.reviews);
    const sla = reviewSlaMinutes(
      {
        prCreatedAt: pr.createdAt,
        prMergedAt: now,
        firstReviewAt: firstReview?.submittedAt ?? null,
        firstApprovalAt: firstApproval?.submittedAt ?? null,
      },
      hoursOf(pr.project),
    );
    return [
      ...(sla.firstReview > FIRST_REVIEW_SLA_MINUTES ? [{ prId: pr.id, project: pr.project, kind: 'firstReview' as const, businessMinutes: sla.firstReview }] : []),
      ...(sla.approval > APPROVAL_SLA_MINUTES ? [{ prId: pr.id, project: pr.project, kind: 'approval' as const, businessMinutes: sla.approval }] : []),
    ];
  });
}

import { type BusinessHours, businessMinutes } from './business-hours.ts';
import { lowerMedian } from './lower-median.ts';
import type { PrStageTimes } from './pr-stage-times.ts';

/** Review SLAs from seed 001: first review within 4 business hours, approval within 24. */
export const FIRST_REVIEW_SLA_MINUTES = 4 * 60;
export const APPROVAL_SLA_MINUTES = 24 * 60;

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

/**
 * Lower medians of each PR stage over PRs merged in a window (each stage over the PRs that
 * have it), as the same statistic as DevLake's lead time, not its AVG detail panels.
 *
 * @example prCycleTime(rows).medianMinutes // 1598
 */
export function prCycleTime(rows: readonly PrStageTimes[]): PrCycleTime {
  const median = (pick: (r: PrStageTimes) => number | null) => lowerMedian(rows.map(pick).filter((v): v is number => v !== null));
  const pickup = median((r) => r.pickupMinutes);
  return {
    prs: rows.length,
    medianMinutes: median((r) => r.cycleMinutes),
    codingMinutes: median((r) => r.codingMinutes),
    pickupMinutes: pickup,
    reviewMinutes: median((r) => r.reviewMinutes),
    deployMinutes: median((r) => r.deployMinutes),
    timeToFirstReviewMinutes: pickup,
    medianPrSize: median((r) => r.size),
    ...(rows.length === 0 ? { reason: 'no PR was merged in the window' } : {}),
  };
}

export interface SlaBreach {
  readonly prId: string;
  readonly project: string;
  readonly kind: 'firstReview' | 'approval';
  /** Business minutes from the PR's creation to the review (or approval), or to the merge when there was none. */
  readonly businessMinutes: number;
}

/**
 * Review SLA breaches: no review by someone else within 4 business hours of the PR's
 * creation, or no approval within 24. A PR merged without a review or approval breaches when
 * its merge came after the limit.
 *
 * @example reviewSlaBreaches(rows, () => DEFAULT_BUSINESS_HOURS).filter((b) => b.kind === 'firstReview').length
 */
export function reviewSlaBreaches(rows: readonly PrStageTimes[], hoursOf: (project: string) => BusinessHours): SlaBreach[] {
  const out: SlaBreach[] = [];
  for (const r of rows) {
    const hours = hoursOf(r.project);
    const check = (kind: SlaBreach['kind'], at: string | null, limit: number) => {
      const minutes = businessMinutes(r.prCreatedAt, at ?? r.prMergedAt, hours);
      if (minutes > limit) out.push({ prId: r.prId, project: r.project, kind, businessMinutes: minutes });
    };
    check('firstReview', r.firstReviewAt, FIRST_REVIEW_SLA_MINUTES);
    check('approval', r.firstApprovalAt, APPROVAL_SLA_MINUTES);
  }
  return out;
}

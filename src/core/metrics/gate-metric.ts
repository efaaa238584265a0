/**
 * The delivery metrics a gate can read with `metric('name', 'window')`, e.g.
 * `metric('changeFailureRate', '14d') <= 0.10`. Each is computed over the workspace's events
 * in the window that ends at the evaluation's `now`.
 */
export const GATE_METRIC_NAMES = [
  'deployments',
  'deployDays',
  'medianDeployDaysPerWeek',
  'medianDeployDaysPerMonth',
  'leadTimeForChanges',
  'changeFailureRate',
  'failedDeployments',
  'recoveryTime',
  'timeToRestore',
  'prCycleTime',
  'codingTime',
  'pickupTime',
  'reviewTime',
  'deployTime',
  'prSize',
  'mergedPrs',
  'firstReviewSlaBreaches',
  'approvalSlaBreaches',
] as const;

export type GateMetricName = (typeof GATE_METRIC_NAMES)[number];

const WINDOW = /^(\d{1,4})([hdw])$/;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * A gate metric window (`12h`, `14d`, `4w`) in milliseconds, or null when it isn't one.
 *
 * @example windowMs('14d') // 1209600000
 */
export function windowMs(window: string): number | null {
  const m = WINDOW.exec(window);
  if (!m || Number(m[1]) === 0) return null;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** What is wrong with a `metric()` call's literals, if anything (a pack with one is refused at load). */
export function gateMetricProblem(name: string, window: string): string | null {
  if (!(GATE_METRIC_NAMES as readonly string[]).includes(name)) return `metric('${name}', …): there is no such metric; use one of ${GATE_METRIC_NAMES.join(', ')}`;
  if (windowMs(window) === null) return `metric('${name}', '${window}'): the window must be a number of hours, days or weeks, e.g. '12h', '14d', '4w'`;
  return null;
}

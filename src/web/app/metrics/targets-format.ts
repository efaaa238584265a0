import { formatMinutes, formatRate } from './delivery-format.ts';

/** What `GET /api/v1/targets` answers for each target (src/app/list-targets.ts). */
export interface TargetStatus {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly metric: string;
  readonly window: string;
  readonly scope: { readonly kind: 'workspace' | 'project' | 'team' | 'service'; readonly value?: string };
  readonly threshold: { readonly value: number; readonly direction: 'below' | 'atMost' | 'above' | 'atLeast' };
  readonly severity: 'info' | 'warning' | 'critical';
  readonly seed?: { readonly source: string; readonly line: string };
  readonly unit: 'minutes' | 'ratio' | 'days' | 'lines' | 'count';
  readonly actual: number | null;
  readonly reason?: string;
  readonly met: boolean | null;
  readonly trend: readonly { readonly from: string; readonly to: string; readonly value: number | null }[];
}

/**
 * A target's number in its unit: minutes as hours or days, a ratio as a percentage.
 *
 * @example formatTargetValue(240, 'minutes') // '4h'
 */
export function formatTargetValue(value: number | null, unit: TargetStatus['unit']): string {
  if (value === null) return '–';
  if (unit === 'minutes') return formatMinutes(value);
  if (unit === 'ratio') return formatRate(value);
  if (unit === 'days') return `${value} days`;
  if (unit === 'lines') return `${value} lines`;
  return String(value);
}

const SIGNS = { below: '<', atMost: '≤', above: '>', atLeast: '≥' } as const;

/** @example thresholdLabel({ value: 0.05, direction: 'below' }, 'ratio') // '< 5%' */
export function thresholdLabel(threshold: TargetStatus['threshold'], unit: TargetStatus['unit']): string {
  return `${SIGNS[threshold.direction]} ${formatTargetValue(threshold.value, unit)}`;
}

/** Met, missed, or no data: the status a target shows, green, red or grey. */
export function targetState(t: Pick<TargetStatus, 'met'>): 'met' | 'missed' | 'no-data' {
  return t.met === null ? 'no-data' : t.met ? 'met' : 'missed';
}

/** Whom a target is about, when not the whole workspace: `team Feature Team A`. */
export function scopeLabel(scope: TargetStatus['scope']): string {
  return scope.kind === 'workspace' ? '' : `${scope.kind} ${scope.value ?? ''}`;
}

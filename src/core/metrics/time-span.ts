const MINUTE = 60_000;

/**
 * DevLake's `computeTimeSpan`: whole minutes from `from` to `to`, rounded up, so 2 s is 1 and
 * 59 m 58 s is 60. Null when either end is missing or the span is negative.
 *
 * @example ceilMinutes('2023-04-12T04:51:47Z', '2023-04-12T04:51:49Z') // 1
 */
export function ceilMinutes(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  if (ms < 0) return null;
  return Math.ceil(ms / MINUTE);
}

/**
 * MySQL's `TIMESTAMPDIFF(MINUTE, from, to)`: whole minutes, truncated toward zero, may be negative.
 *
 * @example truncMinutes('2022-09-15T06:51:47Z', '2022-09-15T02:13:18Z') // -278
 */
export function truncMinutes(from: string, to: string): number {
  return Math.trunc((Date.parse(to) - Date.parse(from)) / MINUTE);
}

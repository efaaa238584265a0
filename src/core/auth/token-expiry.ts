import { invalidInput } from '../errors.ts';

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * When a token made now should expire, from `--expires`: a duration (`12h`, `30d`, `8w`) or a
 * date or time (`2027-01-31`, which means the start of that day UTC, or ISO-8601). It must lie
 * in the future.
 *
 * @example tokenExpiry('30d', new Date('2026-12-07T00:00:00Z')) // '2027-01-06T00:00:00.000Z'
 */
export function tokenExpiry(value: string, now: Date): string {
  const duration = /^(\d{1,5})([hdw])$/.exec(value.trim());
  const at = duration ? new Date(now.getTime() + Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]) : parseDate(value.trim());
  if (!at) {
    throw invalidInput(`The expiry '${value}' (--expires, expiresAt) is neither a duration (12h, 30d, 8w) nor a date (2027-01-31, or ISO-8601 like 2027-01-31T18:00:00Z)`, {
      field: 'expires',
      value,
    });
  }
  if (at.getTime() <= now.getTime())
    throw invalidInput(`The expiry '${value}' (--expires, expiresAt) is not in the future (it is ${at.toISOString()})`, { field: 'expires', value });
  return at.toISOString();
}

function parseDate(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return undefined;
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

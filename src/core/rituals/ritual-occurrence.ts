import { Cron } from 'croner';

/**
 * One occurrence of a ritual: which period (or call) it covers, when it was due, and the unique
 * reference its record carries (`records.source_ref` is unique per database, so a second serve
 * process or a restart finds it there and creates nothing).
 */
export interface RitualOccurrence {
  /** `2026-W49`, `2026-Q3`, or the call's key. */
  readonly id: string;
  /** When it was due (the cron fire, or the call's time less the lead). */
  readonly due: string;
  /** The period it reviews, [from, to) in ISO; for a call prep, from the due time to the call. */
  readonly from: string;
  readonly to: string;
}

const DAY = 86_400_000;

/** `ritual:weekly-delivery-review:2026-W49`: the source reference of an occurrence's record. */
export const occurrenceRef = (ritualId: string, occurrenceId: string): string => `ritual:${ritualId}:${occurrenceId}`;

const cronOf = (pattern: string) => new Cron(pattern, { paused: true, timezone: 'UTC' });

/** The latest fire of a cron pattern at or before `at`, or null. */
export function lastFire(pattern: string, at: Date): Date | null {
  // previousRuns leaves out a run exactly at the reference; one millisecond later includes it.
  return cronOf(pattern).previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
}

/** The next fire strictly after `at`, or null. */
export function nextFire(pattern: string, at: Date): Date | null {
  return cronOf(pattern).nextRun(at);
}

/** The Monday 00:00 UTC of the week holding `t`. */
export function mondayOf(t: number): number {
  const day = Math.floor(t / DAY) * DAY;
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
}

/**
 * The ISO 8601 week of a Monday: `2026-W49` (the week's Thursday decides the year).
 *
 * @example isoWeek(Date.parse('2026-11-30')) // '2026-W49'
 */
export function isoWeek(monday: number): string {
  const thursday = new Date(monday + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The weekly review due at the last fire at or before `at`: the full Monday–Sunday week that ended before the fire. */
export function weeklyOccurrence(pattern: string, at: Date): RitualOccurrence | null {
  const fire = lastFire(pattern, at);
  if (!fire) return null;
  const to = mondayOf(fire.getTime());
  const from = to - 7 * DAY;
  return { id: isoWeek(from), due: fire.toISOString(), from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** The first day (00:00 UTC) of the quarter holding `t`. */
function quarterStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
}

/** The quarter review due at the last fire at or before `at`: the full quarter that ended before the fire. */
export function quarterOccurrence(pattern: string, at: Date): RitualOccurrence | null {
  const fire = lastFire(pattern, at);
  if (!fire) return null;
  const to = quarterStart(fire.getTime());
  const from = quarterStart(to - 1);
  const d = new Date(from);
  return { id: `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`, due: fire.toISOString(), from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** A call's time: a date-time as given, a bare date at 00:00 UTC; null when it is neither. */
export function callTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(t) ? null : t;
}

/** A call's prep, due `hoursBefore` before it: due when `at` is inside [call − lead, call). */
export function callPrepOccurrence(call: { key: string; at: number }, hoursBefore: number, at: Date): RitualOccurrence | null {
  const due = call.at - hoursBefore * 3_600_000;
  if (at.getTime() < due || at.getTime() >= call.at) return null;
  return { id: call.key, due: new Date(due).toISOString(), from: new Date(due).toISOString(), to: new Date(call.at).toISOString() };
}

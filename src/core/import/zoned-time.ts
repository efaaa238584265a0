import { invalidInput } from '../errors.ts';

/** A wall-clock reading as an export writes it, with no zone of its own. */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The hour of a 12-hour clock reading: 12 AM is 0, 12 PM is 12. */
export function hour24(hour: number, meridiem: string): number {
  const pm = meridiem.toLowerCase().startsWith('p');
  return (hour % 12) + (pm ? 12 : 0);
}

/** Whether the date exists on the calendar (no 30 February) and the time on a clock. */
export function isRealTime(t: LocalTime): boolean {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day));
  if (d.getUTCFullYear() !== t.year || d.getUTCMonth() !== t.month - 1 || d.getUTCDate() !== t.day) return false;
  return (t.hour ?? 0) < 24 && (t.minute ?? 0) < 60 && (t.second ?? 0) < 60;
}

/** Throws invalid_input unless `zone` is an IANA time zone this runtime knows. */
export function checkTimeZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw invalidInput(`--timezone '${zone}' is not an IANA time zone (write e.g. UTC, Europe/Madrid or America/New_York)`, { timeZone: zone });
  }
}

/** The zone's offset from UTC, in minutes, at the instant `utcMs`. */
function offsetAt(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/** `+02:00` for 120 minutes. */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A local reading as ISO-8601: `YYYY-MM-DD` when it has no time, else the wall-clock time with
 * the zone's offset at that moment, so a date field keeps the local day and a date-time field
 * gets the right instant.
 *
 * @example zonedIso({ year: 2025, month: 9, day: 22, hour: 9, minute: 26 }, 'Europe/Madrid') // '2025-09-22T09:26:00+02:00'
 */
export function zonedIso(t: LocalTime, zone: string): string {
  const date = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  if (t.hour === undefined) return date;
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute ?? 0, t.second ?? 0);
  // The offset at the guessed instant, corrected once for a DST change between guess and result.
  let offset = offsetAt(zone, wall);
  offset = offsetAt(zone, wall - offset * 60000);
  return `${date}T${pad(t.hour)}:${pad(t.minute ?? 0)}:${pad(t.second ?? 0)}${offsetText(offset)}`;
}

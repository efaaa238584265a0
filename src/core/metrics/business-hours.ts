/** When a team works: a time zone, ISO weekdays (1 = Monday) and a daily window `HH:MM`–`HH:MM`. */
export interface BusinessHours {
  readonly timeZone: string;
  readonly workDays: readonly number[];
  readonly dayStart: string;
  readonly dayEnd: string;
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = { timeZone: 'UTC', workDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00' };

const DAY = 86_400_000;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes past midnight of `HH:MM`, or null when it isn't one. */
export function clockMinutes(value: string): number | null {
  const m = HHMM.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Whether a time zone name is one the runtime knows (IANA, e.g. Europe/Berlin). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets by zone and hour: zones change offset on the hour, and Intl is slow enough to matter over thousands of PRs. */
const offsets = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at instant `t`, in ms. */
function offsetAt(t: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const hour = Math.floor(t / 3_600_000);
  const cache = offsets.get(timeZone) ?? new Map<number, number>();
  offsets.set(timeZone, cache);
  const cached = cache.get(hour);
  if (cached !== undefined) return cached;
  if (cache.size > 100_000) cache.clear();
  const offset = zoneOffset(hour * 3_600_000, timeZone);
  cache.set(hour, offset);
  return offset;
}

function zoneOffset(t: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return local - Math.floor(t / 1000) * 1000;
}

/** The UTC instant of a local wall-clock time (minutes past midnight of a local date at `dayUtc`). */
function localToUtc(dayUtc: number, minutes: number, timeZone: string): number {
  const wall = dayUtc + minutes * 60_000;
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/**
 * Business minutes between two instants: the overlap with the team's working windows, day by
 * day in its time zone (daylight-saving changes included).
 *
 * @example businessMinutes('2026-03-06T16:00:00Z', '2026-03-09T10:00:00Z', DEFAULT_BUSINESS_HOURS) // 120 (Fri 16–17, Mon 9–10)
 */
export function businessMinutes(from: string, to: string, hours: BusinessHours): number {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (!(b > a)) return 0;
  const start = clockMinutes(hours.dayStart) ?? 540;
  const end = clockMinutes(hours.dayEnd) ?? 1020;
  let total = 0;
  const firstLocal = a + offsetAt(a, hours.timeZone);
  for (let day = Math.floor(firstLocal / DAY) * DAY; day <= b + DAY; day += DAY) {
    const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
    if (!hours.workDays.includes(weekday)) continue;
    const open = localToUtc(day, start, hours.timeZone);
    const close = localToUtc(day, end, hours.timeZone);
    total += Math.max(0, Math.min(close, b) - Math.max(open, a));
  }
  return Math.floor(total / 60_000);
}

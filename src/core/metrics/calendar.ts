const DAY = 86_400_000;

/** A UTC date as `YYYY-MM-DD`. */
export const utcDay = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** The Monday (UTC) of a `YYYY-MM-DD` day's week. */
export function mondayOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return utcDay(t - weekday * DAY);
}

/** The first of a `YYYY-MM-DD` day's month. */
export const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

/**
 * The calendar days DevLake's deployment-frequency panels look at: `DATE(to - k days)` for
 * k = 0…399, kept only while `to - k days` is strictly after `from`. So the day of `to` is
 * always in, the day of `from` only when `from` is midnight, and never more than 400 days.
 *
 * @example windowDays('2023-04-18T10:00:00Z', '2023-04-20T10:00:00Z') // ['2023-04-20', '2023-04-19']
 */
export function windowDays(from: string, to: string): string[] {
  const f = Date.parse(from);
  const t = Date.parse(to);
  const days: string[] = [];
  for (let k = 0; k < 400; k++) {
    const at = t - k * DAY;
    if (at <= f) break;
    days.push(utcDay(at));
  }
  return days;
}

/** DevLake's month label, `yy/mm`. */
export const monthLabel = (month: string): string => `${month.slice(2, 4)}/${month.slice(5, 7)}`;

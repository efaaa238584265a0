const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/**
 * Reads a calendar date written as ISO (`2025-05-05`), Notion's `May 5, 2025`, or `5 May 2025`,
 * and returns it as `YYYY-MM-DD`, or undefined when it isn't a real date.
 *
 * @example parseDate('May 5, 2025') // '2025-05-05'
 */
export function parseDate(text: string): string | undefined {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(s);
  if (m && monthIndex(m[1] ?? '') > 0) return isoDate(Number(m[3]), monthIndex(m[1] ?? ''), Number(m[2]));
  m = /^(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})$/.exec(s);
  if (m && monthIndex(m[2] ?? '') > 0) return isoDate(Number(m[3]), monthIndex(m[2] ?? ''), Number(m[1]));
  return undefined;
}

/**
 * Reads a point in time as ISO-8601 (UTC unless an offset is given) or a date, which means
 * midnight UTC. Returns the ISO string, or undefined.
 */
export function parseDateTime(text: string): string | undefined {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) {
    const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`;
    const date = new Date(withZone.replace(' ', 'T'));
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  const day = parseDate(s);
  return day ? `${day}T00:00:00.000Z` : undefined;
}

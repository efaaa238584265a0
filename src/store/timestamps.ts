/**
 * PGlite and pg print timestamptz as `2026-01-10 09:00:00.123+00` (by the session's time zone),
 * which Date can't parse as is: normalise any of those forms to ISO-8601 in UTC.
 */
const UTC_TEXT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00(?::00)?$/;

export function iso(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  // The common case, UTC text, is rewritten without a Date: reading thousands of rows, it adds up.
  const utc = UTC_TEXT.exec(value);
  if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  const normalised = value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const date = new Date(normalised);
  if (Number.isNaN(date.getTime())) throw new Error(`unreadable timestamp from the database: ${value}`);
  return date.toISOString();
}

/**
 * PGlite and pg print timestamptz as `2026-01-10 09:00:00.123+00` (by the session's time zone),
 * which Date can't parse as is: normalise any of those forms to ISO-8601 in UTC.
 */
export function iso(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const normalised = value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const date = new Date(normalised);
  if (Number.isNaN(date.getTime())) throw new Error(`unreadable timestamp from the database: ${value}`);
  return date.toISOString();
}

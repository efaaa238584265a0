/**
 * Minutes as a person reads them: "45m", "20h", "3.5d".
 *
 * @example formatMinutes(1680) // '28h'
 */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return '–';
  const abs = Math.abs(minutes);
  if (abs < 60) return `${Math.round(minutes)}m`;
  if (abs < 48 * 60) return `${Math.round((minutes / 60) * 10) / 10}h`;
  return `${Math.round((minutes / 1440) * 10) / 10}d`;
}

/** A rate 0–1 as a percentage with one decimal: 0.3333 → "33.3%". */
export function formatRate(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${Math.round(value * 1000) / 10}%`;
}

/** The API path of a PR's page in the web app. */
export function pullRequestPath(prId: string): string {
  return `/pull-requests/${encodeURIComponent(prId)}`;
}

/** The date part of an ISO time, for the window inputs. */
export function isoDate(iso: string): string {
  return iso.slice(0, 10);
}

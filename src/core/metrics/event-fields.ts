import { z } from 'zod';

// The field types every event list of `eos ingest events` shares (event-batch.ts, monitor-events.ts).

/** Says "is required" for a missing key rather than zod's "expected string, received undefined". */
export const expecting = (what: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

export const text = z.string(expecting('a string')).trim().min(1, 'must be a non-empty string');
export const optionalText = text.nullish();
/** ISO-8601 with a zone (`Z` or `+02:00`), normalised to UTC. */
export const timestamp = z.iso
  .datetime({ offset: true, ...expecting('an ISO-8601 date-time with a zone, e.g. 2026-01-10T09:00:00Z') })
  .transform((value) => new Date(value).toISOString());
export const optionalTimestamp = timestamp.nullish();

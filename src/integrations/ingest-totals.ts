import { EVENT_KINDS, type IngestCounts, type IngestResult } from '../app/ingest-events.ts';

/** Adds up the per-kind counts of several `ingestEvents` calls (an adapter ingests page by page). */
export function addIngestResults(results: readonly IngestResult[]): IngestResult {
  const zero: IngestCounts = { inserted: 0, updated: 0, unchanged: 0 };
  return Object.fromEntries(
    EVENT_KINDS.map((kind) => [
      kind,
      results.reduce((sum, r) => ({ inserted: sum.inserted + r[kind].inserted, updated: sum.updated + r[kind].updated, unchanged: sum.unchanged + r[kind].unchanged }), zero),
    ]),
  ) as IngestResult;
}

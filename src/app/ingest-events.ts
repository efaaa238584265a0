import { type EventBatch, type EventBatchInput, parseEventBatch } from '../core/metrics/event-batch.ts';
import type { Session } from './session.ts';

/** The event kinds a batch can carry, as counted in an ingest result. */
export const EVENT_KINDS = ['pullRequests', 'prCommits', 'prReviews', 'deployments', 'incidents', 'commits'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Per kind: rows new to the store, rows that changed, rows already stored exactly as given. */
export interface IngestCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

export type IngestResult = Readonly<Record<EventKind, IngestCounts>>;

export interface IngestEventsOptions {
  /** Names the input in error messages, e.g. the file path. */
  readonly source?: string;
}

/**
 * Stores a batch of delivery events (CONTRACT §7) in one transaction. Rows are keyed by
 * workspace and source id, so re-ingesting the same data changes nothing and changed data
 * updates in place. A bad batch is refused whole, with every problem at its JSON path.
 *
 * @example await ingestEvents(session, { deployments: [{ id: 'd1', repo: 'api', result: 'success', finishedAt: '2026-01-10T09:00:00Z' }] })
 */
export async function ingestEvents(session: Session, input: EventBatchInput | unknown, options: IngestEventsOptions = {}): Promise<IngestResult> {
  const batch: EventBatch = parseEventBatch(input, options.source);
  return storeEventBatch(session, batch);
}

async function storeEventBatch(_session: Session, _batch: EventBatch): Promise<IngestResult> {
  throw new Error('ingestEvents: the event store lands in the next commit');
}

import type { FieldValue } from '../fields/parse-field-value.ts';

/**
 * How a record came to be in its status without the gates (ADR 043): `imported` by an
 * as-recorded import (history from Jira or Linear), `starter` from a pack's starters or demo.
 */
export type RecordedAs = 'imported' | 'starter';

/** A record as CONTRACT §3 shows it. */
export interface EosRecord {
  readonly id: string;
  readonly key: string;
  readonly database: string;
  readonly title: string;
  readonly status: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly unresolved: Readonly<Record<string, readonly string[]>>;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** Present only on a record that came in as recorded, past no gate. */
  readonly recordedAs?: RecordedAs;
  /** Present only on an archived record (a soft delete): when, and by whom. Lists hide it by default. */
  readonly archivedAt?: string;
  readonly archivedBy?: string;
}

/** A record as stored: the contract's shape plus where an import found it. */
export interface StoredRecord extends EosRecord {
  readonly sourceRef: string | null;
}

/** The contract's view of a stored record. */
export function publicRecord(record: StoredRecord): EosRecord {
  const { sourceRef: _sourceRef, ...rest } = record;
  return rest;
}

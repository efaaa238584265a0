import type { FieldValue } from '../fields/parse-field-value.ts';

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

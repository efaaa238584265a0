import type { CelRecord } from '../cel/expression-compiler.ts';
import { isSignoffValue, signedContentHash } from '../fields/signoff.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import type { EosRecord } from './eos-record.ts';

function toCelValue(type: string, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if ((type === 'date' || type === 'datetime') && typeof value === 'string') {
    const d = new Date(type === 'date' ? `${value}T00:00:00.000Z` : value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return value;
}

/**
 * The record as CEL sees it (CONTRACT §4): every field by name, null when unset, dates as
 * timestamps, plus `status`, `key`, `id`, `createdAt`, `updatedAt` and who wrote it. A sign-off
 * is its signature (`verdict`, `by`, `role`, `at`, `note`, `version`) while the record is what
 * was signed, and null when unsigned or stale (ADR 044).
 */
export function toCelRecord(db: DatabaseDef, record: EosRecord): CelRecord {
  const view: Record<string, unknown> = {};
  let hash: string | undefined;
  for (const field of db.fields) {
    const value = record.fields[field.name];
    if (field.type !== 'signoff') view[field.name] = toCelValue(field.type, value);
    else if (!isSignoffValue(value)) view[field.name] = null;
    else {
      hash ??= signedContentHash(db, record.fields);
      view[field.name] = value.contentHash === hash ? { ...value, current: true } : null;
    }
  }
  view[db.status.field] = record.status;
  view.status = record.status;
  view.key = record.key;
  view.id = record.id;
  view.createdAt = new Date(record.createdAt);
  view.updatedAt = new Date(record.updatedAt);
  view.createdBy = record.createdBy;
  view.updatedBy = record.updatedBy;
  return view;
}

/** Converts what CEL returned into a value a record can store. */
export function fromCelValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (Array.isArray(value)) return value.map(fromCelValue);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCelValue(v)]));
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCelValue(v)]));
  }
  return value ?? null;
}

import { createHash } from 'node:crypto';
import type { EosRecord } from '../records/eos-record.ts';

/** One record a decided record linked (or was linked by) when it was decided, as it was then. */
export interface EvidenceItem {
  /** The relation field, or the inverse relation, that links it. */
  readonly relation: string;
  /** `link`: the decided record's relation points at it; `inverse`: its relation points at the decided record. */
  readonly direction: 'link' | 'inverse';
  readonly id: string;
  readonly key: string;
  readonly database: string;
  readonly version: number;
  /** SHA-256 of its canonical content (recordContentHash). */
  readonly sha256: string;
}

/** A link or file path the decided record cites as evidence (a url or files field), as it was then. */
export interface EvidenceLink {
  readonly field: string;
  readonly value: string;
}

/** What a decision rested on, frozen when the record moved into a decided status (ADR 047). */
export interface EvidenceManifest {
  readonly record: { readonly id: string; readonly key: string; readonly database: string; readonly version: number; readonly sha256: string };
  readonly status: string;
  readonly items: readonly EvidenceItem[];
  readonly links: readonly EvidenceLink[];
}

/**
 * JSON with object keys sorted at every depth, so equal values always give equal text.
 *
 * @example canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 of what a record says (its key, title, status, fields and pending references), not who wrote it when. */
export function recordContentHash(record: EosRecord): string {
  const { key, database, title, status, fields, unresolved } = record;
  return sha256(canonicalJson({ key, database, title, status, fields, unresolved }));
}

/** The one SHA-256 a decision entry carries for its whole manifest. */
export function manifestHash(manifest: EvidenceManifest): string {
  return sha256(canonicalJson(manifest));
}

/** The url and files values of a record: each link or path it cites, by field, in order. */
export function evidenceLinks(fields: readonly { readonly name: string; readonly type: string }[], record: EosRecord): EvidenceLink[] {
  const out: EvidenceLink[] = [];
  for (const field of fields) {
    if (field.type !== 'url' && field.type !== 'files') continue;
    const value = record.fields[field.name];
    const values = Array.isArray(value) ? value : value === null || value === undefined || value === '' ? [] : [value];
    for (const v of values) out.push({ field: field.name, value: String(v) });
  }
  return out;
}

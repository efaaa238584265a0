import { createHash } from 'node:crypto';
import type { EosRecord, RecordedAs } from '../records/eos-record.ts';
import { canonicalJson } from './canonical-json.ts';

/** The action of one audit entry that creates many records at once (a bulk import, ADR 067). */
export const BATCH_CREATE_ACTION = 'record.create.batch';

/** One record of a batch entry: its id, its key, and the digest of what it was created as. */
export interface BatchLeaf {
  readonly id: string;
  readonly key: string;
  readonly hash: string;
}

/** What a batch entry records in `after`: the records' digests in order and the Merkle root over them. */
export interface BatchEntryAfter {
  readonly database: string;
  readonly count: number;
  readonly root: string;
  readonly recordedAs?: RecordedAs;
  readonly records: readonly BatchLeaf[];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The digest of a record as the replay compares it (recordDifference): the scalars, both
 * times (as instants, whatever text the driver gives), the fields and the pending references.
 *
 * @example recordDigest(record) // '5f1c…' (64 hex digits)
 */
export function recordDigest(record: EosRecord): string {
  return sha256(
    canonicalJson({
      id: record.id,
      key: record.key,
      database: record.database,
      title: record.title,
      status: record.status,
      fields: record.fields,
      unresolved: record.unresolved,
      version: record.version,
      createdAt: new Date(record.createdAt).toISOString(),
      createdBy: record.createdBy,
      updatedAt: new Date(record.updatedAt).toISOString(),
      updatedBy: record.updatedBy,
    }),
  );
}

/**
 * The Merkle root over leaf hashes (hex): each level hashes pairs left‖right; an odd last
 * node goes up as it is. One record's inclusion can be shown with log2(n) sibling hashes.
 *
 * @example merkleRoot(['aa…', 'bb…', 'cc…']) // sha256(sha256('aa…bb…') + 'cc…')
 */
export function merkleRoot(hashes: readonly string[]): string {
  if (hashes.length === 0) return sha256('');
  let level = [...hashes];
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as string;
      const right = level[i + 1];
      next.push(right === undefined ? left : sha256(left + right));
    }
    level = next;
  }
  return level[0] as string;
}

/** The `after` of a batch entry for these new records (all of one database). */
export function batchEntryAfter(database: string, records: readonly EosRecord[], recordedAs?: RecordedAs): BatchEntryAfter {
  const leaves = records.map((r) => ({ id: r.id, key: r.key, hash: recordDigest(r) }));
  return {
    database,
    count: leaves.length,
    root: merkleRoot(leaves.map((l) => l.hash)),
    ...(recordedAs ? { recordedAs } : {}),
    records: leaves,
  };
}

/** Whether an entry's `after` is a well-formed batch (its count and root agree with its leaves). */
export function batchProblem(after: unknown): string | null {
  const v = after as Partial<BatchEntryAfter> | null;
  if (!v || !Array.isArray(v.records) || typeof v.root !== 'string') return 'it is a batch entry without its records and root';
  if (v.count !== v.records.length) return `it says it creates ${v.count} records, but it lists ${v.records.length}`;
  if (merkleRoot(v.records.map((l) => l.hash)) !== v.root) return "its Merkle root does not match its records' digests";
  return null;
}

import type { EosRecord } from '../records/eos-record.ts';
import type { SignedAuditEntry } from './audit-entry.ts';
import { BATCH_CREATE_ACTION, type BatchEntryAfter, batchProblem, recordDigest } from './batch-entry.ts';
import { canonicalJson } from './canonical-json.ts';

/**
 * A record as the trail replays to it: its last snapshot and the entry that wrote it (null:
 * deleted), or, for a record a batch entry created and nothing wrote since, its key and digest.
 */
export type ReplayedRecord = { readonly record: EosRecord | null; readonly seq: number } | { readonly key: string; readonly digest: string; readonly seq: number };

function isSnapshot(value: unknown, id: string): value is EosRecord {
  const v = value as Partial<EosRecord> | null;
  return v?.id === id && typeof v.status === 'string' && typeof v.version === 'number' && typeof v.fields === 'object';
}

/** The record an entry leaves behind (without a move's `details`), or undefined when the entry is not a record write. */
function snapshotOf(entry: SignedAuditEntry): EosRecord | null | undefined {
  const id = entry.recordId;
  if (!id) return undefined;
  if (isSnapshot(entry.after, id)) {
    const { details: _details, ...record } = entry.after as EosRecord & { details?: unknown };
    return record;
  }
  if (entry.after === null && isSnapshot(entry.before, id)) return null;
  return undefined;
}

/**
 * Replays record writes: every entry that carries a record's snapshot replaces what the trail
 * says that record is. Entries of other kinds (decisions, SOP ticks, users) leave records alone.
 *
 * @example replay.add(entry); replay.records.get(id) // { record: { key: 'REQ-1', status: 'done', … }, seq: 42 }
 */
export class RecordReplay {
  readonly records = new Map<string, ReplayedRecord>();
  /** The first batch entry whose count or Merkle root disagrees with its records (ADR 067). */
  batchProblem: { readonly seq: number; readonly reason: string } | null = null;

  add(entry: SignedAuditEntry): void {
    if (entry.action === BATCH_CREATE_ACTION && entry.recordId === null) {
      const problem = batchProblem(entry.after);
      if (problem) this.batchProblem ??= { seq: entry.seq, reason: problem };
      else for (const leaf of (entry.after as BatchEntryAfter).records) this.records.set(leaf.id, { key: leaf.key, digest: leaf.hash, seq: entry.seq });
      return;
    }
    const snapshot = snapshotOf(entry);
    if (snapshot !== undefined && entry.recordId) this.records.set(entry.recordId, { record: snapshot, seq: entry.seq });
  }
}

const SCALARS = ['database', 'key', 'title', 'status', 'version', 'createdBy', 'updatedBy', 'archivedBy'] as const;
const TIMES = ['createdAt', 'updatedAt'] as const;

function sameTime(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && Date.parse(a) === Date.parse(b);
}

function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

/** The key a replayed record has (null: the trail deleted it). */
export function replayedKey(replayed: ReplayedRecord): string | null {
  return 'digest' in replayed ? replayed.key : (replayed.record?.key ?? null);
}

/**
 * The first way a stored record differs from what the trail replays to, in words, or null.
 *
 * @example recordDifference(row, replayed) // "its status is \"done\" in the database, but the trail (entry 12) says \"open\""
 */
export function recordDifference(stored: EosRecord, replayed: ReplayedRecord): string | null {
  if ('digest' in replayed) {
    return recordDigest(stored) === replayed.digest ? null : `its content does not match the digest batch entry ${replayed.seq} holds for it: it was altered behind eos's back`;
  }
  const expected = replayed.record;
  if (!expected) return `it was deleted by entry ${replayed.seq}, but it is still in the database`;
  const says = (what: string, actual: unknown, want: unknown) => `its ${what} is ${show(actual)} in the database, but the trail (entry ${replayed.seq}) says ${show(want)}`;
  for (const name of SCALARS) if (stored[name] !== expected[name]) return says(name, stored[name], expected[name]);
  for (const name of TIMES) if (!sameTime(stored[name], expected[name])) return says(name, stored[name], expected[name]);
  if ((stored.archivedAt !== undefined || expected.archivedAt !== undefined) && !sameTime(stored.archivedAt, expected.archivedAt)) {
    return says('archivedAt', stored.archivedAt, expected.archivedAt);
  }
  const names = [...new Set([...Object.keys(expected.fields), ...Object.keys(stored.fields)])].sort();
  for (const name of names) {
    const actual = stored.fields[name];
    const want = expected.fields[name];
    if (canonicalJson(actual) !== canonicalJson(want)) return says(`field '${name}'`, actual, want);
  }
  if (canonicalJson(stored.unresolved) !== canonicalJson(expected.unresolved)) return says('pending references', stored.unresolved, expected.unresolved);
  return null;
}

import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/** One write, as the audit trail keeps it. */
export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly recordId: string | null;
  readonly database: string | null;
  readonly recordKey: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ChainedAuditEntry extends AuditEntry {
  readonly prevHash: string;
  readonly hash: string;
}

/** A chained entry with its Ed25519 signature of `hash` and the id of the key that made it (null before signing, ADR 050). */
export interface SignedAuditEntry extends ChainedAuditEntry {
  readonly signature: string | null;
  readonly keyId: string | null;
}

/** The actions that bring a signing key into the trail; their `after` carries it (see keyEntryAfter). */
export const KEY_ACTIONS: ReadonlySet<string> = new Set(['audit.key.add', 'audit.key.rotate']);

/** What a key entry records: the key, the one before it, and how many older entries were written before signing. */
export interface KeyEntryAfter {
  readonly keyId: string;
  readonly publicKey: string;
  readonly previousKeyId: string | null;
  readonly unsignedEntries: number;
}

/** The hash before the first entry of every workspace. */
export const GENESIS_HASH = '0'.repeat(64);

/** hash = sha256(prev_hash || canonical_json(entry)); the workspace is not part of it, so a restore verifies. */
export function hashAuditEntry(prevHash: string, entry: AuditEntry): string {
  const body = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    recordId: entry.recordId,
    database: entry.database,
    recordKey: entry.recordKey,
    before: entry.before,
    after: entry.after,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

export type ChainCheck = { readonly ok: true; readonly entries: number } | { readonly ok: false; readonly entries: number; readonly firstBad: number; readonly reason: string };

/**
 * Recomputes the chain in order and names the first entry whose link or hash is wrong.
 *
 * @example verifyChain(entries) // { ok: false, entries: 12, firstBad: 7, reason: 'hash mismatch: …' }
 */
export function verifyChain(entries: readonly ChainedAuditEntry[]): ChainCheck {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return { ok: false, entries: entries.length, firstBad: entry.seq, reason: `entry ${expectedSeq} is missing (found ${entry.seq} next)` };
    }
    if (entry.prevHash !== prev) {
      return { ok: false, entries: entries.length, firstBad: entry.seq, reason: "its prev_hash does not match the previous entry's hash" };
    }
    const hash = hashAuditEntry(prev, entry);
    if (hash !== entry.hash) {
      return { ok: false, entries: entries.length, firstBad: entry.seq, reason: 'its content does not match its hash: it was altered after it was written' };
    }
    prev = hash;
    expectedSeq++;
  }
  return { ok: true, entries: entries.length };
}

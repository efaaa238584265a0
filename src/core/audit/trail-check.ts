import { GENESIS_HASH, hashAuditEntry, KEY_ACTIONS, type KeyEntryAfter, type SignedAuditEntry } from './audit-entry.ts';
import { keyIdOf, verifierFor } from './audit-signature.ts';

/** The first thing wrong with a trail, by entry. */
export interface EntryProblem {
  readonly seq: number;
  readonly reason: string;
}

export interface TrailCheckOptions {
  /**
   * Key id → public key of the keys the trust folder knows for the workspace; without it, any
   * key the trail brings in is taken (a backup, whose keys its signed trailer then vouches for).
   */
  readonly trustedKeys?: ReadonlyMap<string, string>;
  /** Where they are known, for messages. */
  readonly trustLocation: string;
}

function isKeyEntryAfter(value: unknown): value is KeyEntryAfter {
  const v = value as Partial<KeyEntryAfter> | null;
  return typeof v?.keyId === 'string' && typeof v.publicKey === 'string' && typeof v.unsignedEntries === 'number';
}

/**
 * Checks a trail entry by entry, in order, without holding it: the sequence, the hash chain,
 * and every signature against the key the trail brought in last, which the trust folder must
 * know. Entries written before signing are accepted only as many as the first key entry says.
 *
 * @example
 * const check = new TrailCheck({ trustedKeys, trustLocation: '.eos/trust' });
 * for (const e of entries) if (check.add(e)) break;
 * check.problem // { seq: 7, reason: 'its signature does not verify with key 3f…: …' }
 */
export class TrailCheck {
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  private key: { id: string; since: number; verify: (hash: string, signature: string) => boolean } | null = null;
  private unsigned = 0;
  /** Every entry's hash, by sequence, for the witness check. */
  readonly hashes: string[] = [];
  /** The keys the trail brought in, oldest first. */
  readonly keysSeen: { readonly keyId: string; readonly publicKey: string }[] = [];
  problem: EntryProblem | null = null;

  constructor(private readonly options: TrailCheckOptions) {}

  get entries(): number {
    return this.expectedSeq - 1;
  }

  /** Adds the next entry; returns its problem, if any (and then stops checking). */
  add(entry: SignedAuditEntry): EntryProblem | null {
    if (this.problem) return this.problem;
    const reason = this.reasonAgainst(entry);
    if (reason) {
      this.problem = { seq: entry.seq, reason };
      return this.problem;
    }
    this.hashes[entry.seq] = entry.hash;
    this.prev = entry.hash;
    this.expectedSeq++;
    return null;
  }

  /** After the last entry: a trail with entries but no key was never signed. */
  finish(): EntryProblem | null {
    if (!this.problem && this.entries > 0 && this.key === null) {
      this.problem = { seq: 1, reason: 'it is not signed: the trail was written before eos signed entries, and no write has signed it since' };
    }
    return this.problem;
  }

  private reasonAgainst(entry: SignedAuditEntry): string | null {
    if (entry.seq !== this.expectedSeq) return `entry ${this.expectedSeq} is missing (found ${entry.seq} next)`;
    if (entry.prevHash !== this.prev) return "its prev_hash does not match the previous entry's hash";
    if (hashAuditEntry(this.prev, entry) !== entry.hash) return 'its content does not match its hash: it was altered after it was written';
    if (entry.signature === null || entry.keyId === null) {
      if (this.key) return `it is not signed, but key ${this.key.id} signs every entry since entry ${this.key.since}: it was added behind eos's back`;
      this.unsigned++;
      return null;
    }
    if (KEY_ACTIONS.has(entry.action) && isKeyEntryAfter(entry.after) && entry.after.keyId === entry.keyId) return this.bringInKey(entry, entry.after);
    if (!this.key) return `it is signed by key ${entry.keyId}, but no entry before it brings a key in`;
    if (entry.keyId !== this.key.id) return `it is signed by key ${entry.keyId}, but key ${this.key.id} is the trail's key since entry ${this.key.since}`;
    if (!this.key.verify(entry.hash, entry.signature)) return `its signature does not verify with key ${entry.keyId}: it was altered or forged`;
    return null;
  }

  private bringInKey(entry: SignedAuditEntry, after: KeyEntryAfter): string | null {
    if (keyIdOf(after.publicKey) !== after.keyId) return `it brings in key ${after.keyId}, but the public key it carries has another id: it was forged`;
    const trusted = this.options.trustedKeys ? this.options.trustedKeys.get(after.keyId) : after.publicKey;
    if (trusted !== after.publicKey) return `it brings in key ${after.keyId}, which ${this.options.trustLocation} does not know: eos did not make it here`;
    if (this.key === null && after.unsignedEntries !== this.unsigned) {
      return `it says ${after.unsignedEntries} entries were written before signing, but ${this.unsigned} unsigned entries precede it`;
    }
    const verify = verifierFor(after.publicKey);
    if (entry.signature === null || !verify(entry.hash, entry.signature)) return `its signature does not verify with key ${after.keyId}: it was altered or forged`;
    this.key = { id: after.keyId, since: entry.seq, verify };
    this.keysSeen.push({ keyId: after.keyId, publicKey: after.publicKey });
    return null;
  }
}

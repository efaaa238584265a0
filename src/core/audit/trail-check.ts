import { GENESIS_HASH, hashAuditEntry, KEY_ACTIONS, type KeyEntryAfter, type SignedAuditEntry } from './audit-entry.ts';
import { checkSignaturesInline, keyIdOf, type SignatureBatchCheck, type SignatureItem } from './audit-signature.ts';

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
  /** How batches of signatures are checked (default: in this thread). */
  readonly checkSignatures?: SignatureBatchCheck;
}

/** Signatures go to the checker this many at a time. */
const SIGNATURE_BATCH = 2000;

function isKeyEntryAfter(value: unknown): value is KeyEntryAfter {
  const v = value as Partial<KeyEntryAfter> | null;
  return typeof v?.keyId === 'string' && typeof v.publicKey === 'string' && typeof v.unsignedEntries === 'number';
}

function signatureProblem(item: SignatureItem): EntryProblem {
  return { seq: item.seq, reason: `its signature does not verify with key ${item.keyId}: it was altered or forged` };
}

/**
 * Checks a trail entry by entry, in order, without holding it: the sequence, the hash chain,
 * and every signature against the key the trail brought in last, which the trust folder must
 * know. Entries written before signing are accepted only as many as the first key entry says.
 * Signatures are checked in batches (in parallel, given a pool), so `settle` gives the verdict.
 *
 * @example
 * const check = new TrailCheck({ trustedKeys, trustLocation: '.eos/trust' });
 * for (const e of entries) if (check.add(e)) break;
 * await check.settle() // { seq: 7, reason: 'its signature does not verify with key 3f…: …' }
 */
export class TrailCheck {
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  private key: { id: string; publicKey: string; since: number } | null = null;
  private unsigned = 0;
  private batch: SignatureItem[] = [];
  private readonly checks: Promise<SignatureItem | undefined>[] = [];
  /** Every entry's hash, by sequence, for the witness check. */
  readonly hashes: string[] = [];
  /** The keys the trail brought in, oldest first. */
  readonly keysSeen: { readonly keyId: string; readonly publicKey: string }[] = [];
  /** The first problem found without signatures (sequence, chain, keys); settle adds the signatures'. */
  problem: EntryProblem | null = null;

  constructor(private readonly options: TrailCheckOptions) {}

  get entries(): number {
    return this.expectedSeq - 1;
  }

  /** Adds the next entry; returns its problem, if any (and then stops checking). Signatures are checked later. */
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

  /** After the last entry: waits for every signature and returns the earliest problem of all. */
  async settle(): Promise<EntryProblem | null> {
    this.flush();
    const failures = (await Promise.all(this.checks)).filter((f): f is SignatureItem => f !== undefined);
    const firstFailure = failures.sort((a, b) => a.seq - b.seq)[0];
    const signature = firstFailure ? signatureProblem(firstFailure) : null;
    if (signature && (!this.problem || signature.seq < this.problem.seq)) this.problem = signature;
    if (!this.problem && this.entries > 0 && this.key === null) {
      this.problem = { seq: 1, reason: 'it is not signed: the trail was written before eos signed entries, and no write has signed it since' };
    }
    return this.problem;
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const check = this.options.checkSignatures ?? checkSignaturesInline;
    this.checks.push(check(this.batch));
    this.batch = [];
  }

  private expectSignature(entry: SignedAuditEntry, key: { id: string; publicKey: string }): void {
    this.batch.push({ seq: entry.seq, keyId: key.id, publicKey: key.publicKey, hash: entry.hash, signature: entry.signature ?? '' });
    if (this.batch.length >= SIGNATURE_BATCH) this.flush();
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
    this.expectSignature(entry, this.key);
    return null;
  }

  private bringInKey(entry: SignedAuditEntry, after: KeyEntryAfter): string | null {
    if (keyIdOf(after.publicKey) !== after.keyId) return `it brings in key ${after.keyId}, but the public key it carries has another id: it was forged`;
    const trusted = this.options.trustedKeys ? this.options.trustedKeys.get(after.keyId) : after.publicKey;
    if (trusted !== after.publicKey) return `it brings in key ${after.keyId}, which ${this.options.trustLocation} does not know: eos did not make it here`;
    if (this.key === null && after.unsignedEntries !== this.unsigned) {
      return `it says ${after.unsignedEntries} entries were written before signing, but ${this.unsigned} unsigned entries precede it`;
    }
    this.key = { id: after.keyId, publicKey: after.publicKey, since: entry.seq };
    this.keysSeen.push({ keyId: after.keyId, publicKey: after.publicKey });
    this.expectSignature(entry, this.key);
    return null;
  }
}

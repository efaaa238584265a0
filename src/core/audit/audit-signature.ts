import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/** What signs audit entries: one Ed25519 key, known by its id. */
export interface AuditSigner {
  readonly keyId: string;
  /** The public key, SPKI DER in base64: what verifiers and backups carry. */
  readonly publicKey: string;
  sign(hash: string): string;
}

/** What every signed message starts with, so a signature of eos's is never valid for anything else. */
export const SIGNATURE_PREFIX = 'eos-audit-v1:';

/** The message an entry's signature covers: its chain hash, which commits to it and to every entry before it. */
function message(hash: string): Buffer {
  return Buffer.from(`${SIGNATURE_PREFIX}${hash}`, 'utf8');
}

/** One signature to check: the entry, the key that must have made it, and what it signs. */
export interface SignatureItem {
  readonly seq: number;
  readonly keyId: string;
  readonly publicKey: string;
  readonly hash: string;
  readonly signature: string;
}

/** Checks a batch of signatures and resolves to the first that does not verify, if any (a worker pool checks them in parallel). */
export type SignatureBatchCheck = (items: readonly SignatureItem[]) => Promise<SignatureItem | undefined>;

/**
 * Checks signatures in this thread, one key's verifier reused across the batch.
 *
 * @example await checkSignaturesInline([{ seq: 1, keyId, publicKey, hash, signature }]) // undefined: all verify
 */
export const checkSignaturesInline: SignatureBatchCheck = async (items) => {
  const verifiers = new Map<string, (hash: string, signature: string) => boolean>();
  for (const item of items) {
    let verify = verifiers.get(item.publicKey);
    if (!verify) {
      verify = verifierFor(item.publicKey);
      verifiers.set(item.publicKey, verify);
    }
    if (!verify(item.hash, item.signature)) return item;
  }
  return undefined;
};

/**
 * A key's id: the first 16 hex digits of the SHA-256 of its public key, so a public key swapped
 * for another can't keep the id a trust folder knows.
 *
 * @example keyIdOf(signer.publicKey) // 'a3f09c…' (16 hex digits)
 */
export function keyIdOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16);
}

/** A signer over an Ed25519 private key. */
export function signerFor(privateKey: KeyObject): AuditSigner {
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    sign: (hash) => sign(null, message(hash), privateKey).toString('base64'),
  };
}

/** A verifier for one public key (SPKI DER, base64); false for a malformed signature too. */
export function verifierFor(publicKey: string): (hash: string, signature: string) => boolean {
  const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
  return (hash, signature) => {
    try {
      return verify(null, message(hash), key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  };
}

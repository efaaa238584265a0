import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/** What signs audit entries: one Ed25519 key, known by its id. */
export interface AuditSigner {
  readonly keyId: string;
  /** The public key, SPKI DER in base64: what verifiers and backups carry. */
  readonly publicKey: string;
  sign(hash: string): string;
}

/** The message an entry's signature covers: its chain hash, which commits to it and to every entry before it. */
function message(hash: string): Buffer {
  return Buffer.from(`eos-audit-v1:${hash}`, 'utf8');
}

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

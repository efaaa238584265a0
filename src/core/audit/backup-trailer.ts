import { createHash } from 'node:crypto';
import type { AuditSigner } from './audit-signature.ts';
import { verifierFor } from './audit-signature.ts';
import { canonicalJson } from './canonical-json.ts';

/** The last line of a backup: what it holds, a digest of every line before it, and a signature over both. */
export interface BackupTrailer {
  /** Rows per table. */
  readonly rows: Readonly<Record<string, number>>;
  /** SHA-256 (hex) of every line before the trailer, newlines included. */
  readonly digest: string;
  /** The audit trail's last entry in the backup. */
  readonly head: { readonly seq: number; readonly hash: string } | null;
  /** Every key that signed the trail, and the one that signs the trailer. */
  readonly keys: readonly { readonly keyId: string; readonly publicKey: string }[];
  readonly keyId: string;
  readonly signature: string;
}

type TrailerBody = Omit<BackupTrailer, 'signature'>;

function bodyHash(body: TrailerBody): string {
  const { rows, digest, head, keys, keyId } = body;
  return createHash('sha256').update('eos-backup-v2\n').update(canonicalJson({ rows, digest, head, keys, keyId })).digest('hex');
}

/** Signs a trailer with the workspace key. */
export function signTrailer(body: Omit<TrailerBody, 'keyId'>, signer: AuditSigner): BackupTrailer {
  const keys = body.keys.some((k) => k.keyId === signer.keyId) ? body.keys : [...body.keys, { keyId: signer.keyId, publicKey: signer.publicKey }];
  const full: TrailerBody = { ...body, keys, keyId: signer.keyId };
  return { ...full, signature: signer.sign(bodyHash(full)) };
}

/**
 * Checks a trailer's signature with the key it names, which it must also carry.
 *
 * @example trailerSignatureValid(trailer) // false when a row count, the digest or a key was changed
 */
export function trailerSignatureValid(trailer: BackupTrailer): boolean {
  const key = trailer.keys.find((k) => k.keyId === trailer.keyId);
  if (!key) return false;
  try {
    return verifierFor(key.publicKey)(bodyHash(trailer), trailer.signature);
  } catch {
    return false;
  }
}

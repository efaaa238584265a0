import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random secret (a session id, an API token), base64url, 256 bits unless told. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** How sessions and tokens are stored: the sha256 of the secret, hex. Fast lookups, nothing to steal. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two strings in constant time (for CSRF tokens and the local admin token). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The CSRF token of a session: derived from the session id, so it is bound to that session,
 * needs no storage, and can't be computed without the (httpOnly) cookie.
 */
export function csrfTokenFor(sessionId: string): string {
  return createHash('sha256').update(`eos-csrf:${sessionId}`).digest('base64url');
}

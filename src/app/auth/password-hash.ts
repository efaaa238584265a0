import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt with N=2^15, r=8, p=1 (32 MiB, ~50-100 ms): the parameters are stored with each hash,
// so they can be raised later without invalidating existing passwords.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

// A one-time password's hash carries this prefix (ADR 037): whoever logs in with it must change it
// first. A new password is a new hash, so changing it clears the mark with no other state to keep.
const ONE_TIME = 'once$';

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash` (base64url), or `once$scrypt$…` for a one-time password. */
export async function hashPassword(password: string, options: { oneTime?: boolean } = {}): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  const hash = ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
  return options.oneTime ? `${ONE_TIME}${hash}` : hash;
}

/** Whether a stored hash is of a one-time password, which must be changed before anything else. */
export function isOneTimePassword(stored: string | null): boolean {
  return stored?.startsWith(ONE_TIME) ?? false;
}

/** Whether `password` matches a stored hash; false for a malformed hash. Constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = (isOneTimePassword(stored) ? stored.slice(ONE_TIME.length) : stored).split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash that matches no password, verified when a username doesn't exist so timing tells nothing. */
export const NO_USER_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

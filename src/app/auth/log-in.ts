import { LOGIN_THROTTLE, type LoginThrottle } from '../../core/auth/login-throttle.ts';
import type { Actor } from '../../core/auth/roles.ts';
import { EosError } from '../../core/errors.ts';
import { deleteExpiredSessions, insertSession } from '../../store/session-rows.ts';
import { type AuthScope, nowOf } from './auth-scope.ts';
import { claimLoginAttempt, loginKeys, settleLoginAttempt } from './login-failures.ts';
import { csrfTokenFor, newSecret, sha256Hex } from './secrets.ts';
import { verifyCredentials } from './verify-credentials.ts';

/** How long a web session lasts from login. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface LoginInput {
  readonly username: string;
  readonly password: string;
  /** The client's address: failures are counted per username and per address. */
  readonly ip: string;
}

export interface LoggedIn {
  readonly user: Actor;
  /** The cookie value: stored only as its sha256. */
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  /** The password was one-time (ADR 037): until it is changed, the session may only change it. */
  readonly mustChangePassword: boolean;
}

/**
 * Checks a username and password and opens a session. Refused with `unauthenticated` for a
 * wrong pair, and with `rate_limited` (details.retryAfterSeconds) once a username or an
 * address has failed `throttle.maxFailures` times within its window, counted in the store so
 * every server process on it shares the count. The attempt is counted before the password is
 * checked, so a parallel burst gets at most `maxFailures` checks (ADR 053).
 *
 * @example await logIn(scope, { username: 'ana', password: '…', ip: request.ip })
 */
export async function logIn(scope: AuthScope, input: LoginInput, throttle: LoginThrottle = LOGIN_THROTTLE): Promise<LoggedIn> {
  const now = nowOf(scope);
  const keys = loginKeys(input.username, input.ip);
  const attempt = await claimLoginAttempt(scope, throttle, keys, input, now);
  const verified = await verifyCredentials(scope, input.username, input.password);
  await settleLoginAttempt(scope, keys, attempt, verified !== null);
  if (!verified) throw new EosError('unauthenticated', 'Wrong username or password');
  const { user, mustChangePassword } = verified;
  const sessionId = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await deleteExpiredSessions(scope.store.db, scope.workspaceId, now.toISOString());
  await insertSession(scope.store.db, scope.workspaceId, { idHash: sha256Hex(sessionId), userName: user.name, createdAt: now.toISOString(), expiresAt });
  return { user, sessionId, csrfToken: csrfTokenFor(sessionId), expiresAt, mustChangePassword };
}

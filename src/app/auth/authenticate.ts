import type { Actor } from '../../core/auth/roles.ts';
import { EosError } from '../../core/errors.ts';
import { deleteSession, findSessionUser } from '../../store/session-rows.ts';
import { type AuthScope, nowOf } from './auth-scope.ts';
import { isOneTimePassword } from './password-hash.ts';
import { csrfTokenFor, sha256Hex } from './secrets.ts';
import { TokenCache } from './token-cache.ts';
import { userActor } from './user-actor.ts';

/** The user an API token acts as, looked up now; `unauthenticated` for an unknown or revoked token. */
export async function authenticateToken(scope: AuthScope, token: string): Promise<Actor> {
  return new TokenCache(scope, { ttlMs: 0 }).authenticate(token);
}

/** Who a session cookie names: its user, its CSRF token, and whether the user must change a one-time password first. */
export interface SessionUser {
  readonly user: Actor;
  readonly csrfToken: string;
  readonly mustChangePassword: boolean;
}

/** The user of a session cookie and the session's CSRF token; `unauthenticated` once it has expired. */
export async function authenticateSession(scope: AuthScope, sessionId: string): Promise<SessionUser> {
  const idHash = sha256Hex(sessionId);
  const found = await findSessionUser(scope.store.db, scope.workspaceId, idHash);
  if (!found) throw new EosError('unauthenticated', 'You are not logged in (the session is unknown or has ended); log in again');
  if (Date.parse(found.expiresAt) <= nowOf(scope).getTime()) {
    await deleteSession(scope.store.db, scope.workspaceId, idHash);
    throw new EosError('unauthenticated', 'Your session has expired; log in again');
  }
  return { user: userActor(found.userName, found, { verified: true }), csrfToken: csrfTokenFor(sessionId), mustChangePassword: isOneTimePassword(found.passwordHash) };
}

/** Ends a session; ending an unknown one changes nothing. */
export async function logOut(scope: AuthScope, sessionId: string): Promise<void> {
  await deleteSession(scope.store.db, scope.workspaceId, sha256Hex(sessionId));
}

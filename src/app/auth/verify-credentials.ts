import type { Actor } from '../../core/auth/roles.ts';
import { findUser } from '../../store/user-rows.ts';
import type { AuthScope } from './auth-scope.ts';
import { isOneTimePassword, NO_USER_HASH, verifyPassword } from './password-hash.ts';
import { userActor } from './user-actor.ts';

/** Who a username and password name, and whether that password is one-time (to be changed first). */
export interface VerifiedUser {
  readonly user: Actor;
  readonly mustChangePassword: boolean;
}

/**
 * The user a username and password name, or null. An unknown user costs the same scrypt run
 * as a known one, so the answer's timing doesn't tell which usernames exist.
 */
export async function verifyCredentials(scope: AuthScope, username: string, password: string): Promise<VerifiedUser | null> {
  const user = await findUser(scope.store.db, scope.workspaceId, username);
  const matches = await verifyPassword(password, user?.passwordHash ?? NO_USER_HASH);
  if (!user?.passwordHash || !matches) return null;
  return { user: userActor(user.name, user, { verified: true }), mustChangePassword: isOneTimePassword(user.passwordHash) };
}

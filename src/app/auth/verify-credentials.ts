import type { Actor, Role } from '../../core/auth/roles.ts';
import { findUser } from '../../store/user-rows.ts';
import type { AuthScope } from './auth-scope.ts';
import { NO_USER_HASH, verifyPassword } from './password-hash.ts';

/**
 * The user a username and password name, or null. An unknown user costs the same scrypt run
 * as a known one, so the answer's timing doesn't tell which usernames exist.
 */
export async function verifyCredentials(scope: AuthScope, username: string, password: string): Promise<Actor | null> {
  const user = await findUser(scope.store.db, scope.workspaceId, username);
  const matches = await verifyPassword(password, user?.passwordHash ?? NO_USER_HASH);
  return user?.passwordHash && matches ? { name: user.name, role: user.role as Role } : null;
}

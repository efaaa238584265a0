import { LOGIN_THROTTLE, type LoginThrottle } from '../../core/auth/login-throttle.ts';
import type { Actor } from '../../core/auth/roles.ts';
import { invalidInput } from '../../core/errors.ts';
import { deleteUserSessions } from '../../store/session-rows.ts';
import { findUser, updateUser } from '../../store/user-rows.ts';
import { MIN_PASSWORD_LENGTH } from './add-user.ts';
import { inAuthTransaction } from './audit-auth.ts';
import { type AuthScope, nowOf } from './auth-scope.ts';
import { claimLoginAttempt, loginKeys, settleLoginAttempt } from './login-failures.ts';
import { hashPassword } from './password-hash.ts';
import { sha256Hex } from './secrets.ts';
import { verifyCredentials } from './verify-credentials.ts';

export interface ChangeOwnPasswordInput {
  readonly currentPassword: string;
  readonly newPassword: string;
  /** The client's address: a wrong current password counts as a failed login (per username and address). */
  readonly ip: string;
  /** The session the change is made in: it stays open, the user's other sessions end. */
  readonly sessionId?: string | undefined;
}

/**
 * Changes the actor's own password, given the current one; a one-time password (ADR 037) stops
 * being one. A wrong current password is refused (`invalid_input`) and counts as a failed login,
 * so a stolen session can't guess it faster than the login form; the user's other sessions end.
 *
 * @example await changeOwnPassword(scope, { name: 'admin', role: 'admin' }, { currentPassword: 'printed once', newPassword: 'a long new one', ip })
 */
export async function changeOwnPassword(scope: AuthScope, actor: Actor, input: ChangeOwnPasswordInput, throttle: LoginThrottle = LOGIN_THROTTLE): Promise<void> {
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) {
    throw invalidInput(`The new password is too short: use at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'newPassword' });
  }
  if (input.newPassword === input.currentPassword) throw invalidInput('The new password is the current one: choose another', { field: 'newPassword' });
  const now = nowOf(scope);
  const keys = loginKeys(actor.name, input.ip);
  if (!(await findUser(scope.store.db, scope.workspaceId, actor.name))?.passwordHash) {
    throw invalidInput(`${actor.name} has no password to change (they sign in with API tokens); an admin can set one: eos user set ${actor.name} --password-stdin`, {
      field: 'currentPassword',
    });
  }
  const attempt = await claimLoginAttempt(scope, throttle, keys, { username: actor.name, ip: input.ip }, now);
  const verified = await verifyCredentials(scope, actor.name, input.currentPassword);
  await settleLoginAttempt(scope, keys, attempt, verified !== null);
  if (!verified) throw invalidInput('The current password is wrong', { field: 'currentPassword' });
  const passwordHash = await hashPassword(input.newPassword);
  await inAuthTransaction(scope, actor, now, async (db) => {
    await updateUser(db, scope.workspaceId, actor.name, { passwordHash, updatedAt: now.toISOString() });
    await deleteUserSessions(db, scope.workspaceId, actor.name, input.sessionId === undefined ? undefined : sha256Hex(input.sessionId));
    return { result: undefined, change: { action: 'user.update', before: { user: actor.name }, after: { user: actor.name, passwordChanged: true } } };
  });
}

import { assertAdmin, parseRoles } from '../../core/auth/role-policy.ts';
import type { Actor } from '../../core/auth/roles.ts';
import { invalidInput, notFound } from '../../core/errors.ts';
import { personDisplayName, personEmail } from '../../core/people/person-profile.ts';
import { deleteUserSessions } from '../../store/session-rows.ts';
import { findUser, listUsers, storedRoles, updateUser as updateUserRow, userRoles } from '../../store/user-rows.ts';
import { MIN_PASSWORD_LENGTH } from './add-user.ts';
import { inAuthTransaction } from './audit-auth.ts';
import { type AuthScope, nowOf } from './auth-scope.ts';
import { hashPassword } from './password-hash.ts';
import { type UserView, userView } from './user-view.ts';

export interface UpdateUserInput {
  readonly name: string;
  readonly role?: string | undefined;
  /** Replaces every role (`--role editor --role qa`), the primary first (ADR 045). */
  readonly roles?: readonly string[] | undefined;
  readonly password?: string | undefined;
  /** The password is one-time: it must be changed at the first login with it (ADR 037). */
  readonly oneTime?: boolean | undefined;
  /** A new e-mail address; `''` removes it (ADR 071). */
  readonly email?: string | undefined;
  /** A new display name; `''` removes it. */
  readonly displayName?: string | undefined;
}

/**
 * Changes a user's role, password, e-mail or display name (admins only). A new role or password
 * ends the user's sessions, so the change holds from their next request; their API tokens act with the new role. The last admin
 * can't be demoted.
 */
export async function updateUser(scope: AuthScope, actor: Actor, input: UpdateUserInput): Promise<UserView> {
  assertAdmin(actor, 'change users');
  const given = [...(input.role !== undefined ? [input.role] : []), ...(input.roles ?? [])];
  const roles = given.length === 0 ? undefined : parseRoles(given);
  const set = roles ? storedRoles(roles) : undefined;
  if (roles === undefined && input.password === undefined && input.email === undefined && input.displayName === undefined)
    throw invalidInput(`Say what to change for ${input.name}: a role, a password, an e-mail or a display name`);
  const profile = {
    ...(input.email !== undefined ? { email: personEmail(input.name, input.email) } : {}),
    ...(input.displayName !== undefined ? { displayName: personDisplayName(input.name, input.displayName) } : {}),
  };
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw invalidInput(`The password for ${input.name} is too short: use at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  }
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password, { oneTime: input.oneTime === true });
  const now = nowOf(scope);
  return inAuthTransaction(scope, actor, now, async (db) => {
    const before = await findUser(db, scope.workspaceId, input.name);
    if (!before) throw notFound(`There is no user '${input.name}' in workspace '${scope.workspaceId}'`, { user: input.name });
    if (roles !== undefined && !roles.includes('admin') && userRoles(before).includes('admin')) {
      const admins = (await listUsers(db, scope.workspaceId)).filter((u) => userRoles(u).includes('admin'));
      if (admins.length === 1)
        throw invalidInput(`${input.name} is the only admin of workspace '${scope.workspaceId}'; make someone else an admin first`, { field: 'role', value: roles.join(', ') });
    }
    const at = now.toISOString();
    await updateUserRow(db, scope.workspaceId, input.name, { ...(set ?? {}), ...(passwordHash ? { passwordHash } : {}), ...profile, updatedAt: at });
    // A new role or password holds from the next request; a new name or address needs no new login.
    if (set || passwordHash) await deleteUserSessions(db, scope.workspaceId, input.name);
    const after = { ...before, ...(set ?? {}), ...(passwordHash ? { passwordHash } : {}), ...profile, updatedAt: at };
    return {
      result: userView(after),
      change: {
        action: 'user.update',
        before: {
          user: input.name,
          role: before.role,
          ...(before.roles ? { roles: before.roles } : {}),
          ...('email' in profile ? { email: before.email } : {}),
          ...('displayName' in profile ? { displayName: before.displayName } : {}),
        },
        after: { user: input.name, role: after.role, ...(after.roles ? { roles: after.roles } : {}), ...(passwordHash ? { passwordChanged: true } : {}), ...profile },
      },
    };
  });
}

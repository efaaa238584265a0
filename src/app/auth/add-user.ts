import { assertAdmin, parseRoles } from '../../core/auth/role-policy.ts';
import type { Actor } from '../../core/auth/roles.ts';
import { invalidInput } from '../../core/errors.ts';
import { personDisplayName, personEmail } from '../../core/people/person-profile.ts';
import { countUsers, findUser, insertUser, storedRoles } from '../../store/user-rows.ts';
import { inAuthTransaction } from './audit-auth.ts';
import { type AuthScope, nowOf } from './auth-scope.ts';
import { hashPassword } from './password-hash.ts';
import { type UserView, userView } from './user-view.ts';

export const MIN_PASSWORD_LENGTH = 10;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface AddUserInput {
  readonly name: string;
  /** The one role, or the primary one when `roles` is given too. */
  readonly role?: string | undefined;
  /** Several roles (`--role editor --role qa`), the primary first (ADR 045). */
  readonly roles?: readonly string[] | undefined;
  /** Omitted: the user signs in with API tokens only. */
  readonly password?: string | undefined;
  /** The password is one-time: it must be changed at the first login with it (ADR 037). */
  readonly oneTime?: boolean | undefined;
  /** Where notifications are e-mailed (ADR 071). */
  readonly email?: string | undefined;
  /** The name people see, e.g. `Ana Lima`. */
  readonly displayName?: string | undefined;
}

/**
 * Adds a person to a workspace (admins only). The first user must be an admin, so that someone
 * can always manage the others.
 *
 * @example await addUser(scope, { name: 'root', role: 'admin' }, { name: 'ana', role: 'sre', password: '…' })
 */
export async function addUser(scope: AuthScope, actor: Actor, input: AddUserInput): Promise<UserView> {
  assertAdmin(actor, 'add users');
  const roles = parseRoles([...(input.role !== undefined ? [input.role] : []), ...(input.roles ?? [])]);
  const { role } = storedRoles(roles);
  if (!USER_NAME.test(input.name)) {
    throw invalidInput(`'${input.name}' is not a valid user name: use 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit`, {
      field: 'name',
      value: input.name,
    });
  }
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw invalidInput(`The password for ${input.name} is too short: use at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  }
  const email = input.email === undefined ? null : personEmail(input.name, input.email);
  const displayName = input.displayName === undefined ? null : personDisplayName(input.name, input.displayName);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password, { oneTime: input.oneTime === true });
  const now = nowOf(scope);
  return inAuthTransaction(scope, actor, now, async (db) => {
    if (await findUser(db, scope.workspaceId, input.name))
      throw invalidInput(`There is already a user '${input.name}' in workspace '${scope.workspaceId}'`, { field: 'name', value: input.name });
    if (!roles.includes('admin') && (await countUsers(db, scope.workspaceId)) === 0) {
      throw invalidInput(`The first user of workspace '${scope.workspaceId}' must be an admin, so someone can manage the others: add ${input.name} with --role admin`, {
        field: 'role',
        value: role,
      });
    }
    const at = now.toISOString();
    const row = { name: input.name, ...storedRoles(roles), passwordHash, email, displayName, emailKinds: null, createdAt: at, createdBy: actor.name, updatedAt: at };
    await insertUser(db, scope.workspaceId, row);
    return {
      result: userView(row),
      change: {
        action: 'user.add',
        before: null,
        after: {
          user: input.name,
          role,
          ...(roles.length > 1 ? { roles } : {}),
          password: passwordHash !== null,
          ...(email ? { email } : {}),
          ...(displayName ? { displayName } : {}),
          ...(input.oneTime && passwordHash ? { oneTimePassword: true } : {}),
        },
      },
    };
  });
}

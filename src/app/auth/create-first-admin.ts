import type { Actor } from '../../core/auth/roles.ts';
import { insertUser, listUsers } from '../../store/user-rows.ts';
import { inAuthTransaction } from './audit-auth.ts';
import { type AuthScope, nowOf } from './auth-scope.ts';
import { hashPassword } from './password-hash.ts';
import { newSecret } from './secrets.ts';

/** The user `eos serve` adds on a first run, and its one-time password (shown once, never stored). */
export interface FirstAdmin {
  readonly name: string;
  readonly password: string;
}

export const FIRST_ADMIN = 'admin';

/**
 * The first run's admin (ADR 037): while no user of the workspace has a password, adds `admin`
 * (role admin) with a random one-time password, which must be changed at its first login, and
 * returns that password. Null when someone can already log in, or a user `admin` exists (its
 * owner set it up without a password on purpose). Checked under the workspace's write lock,
 * so two servers starting at once add one admin.
 *
 * @example const first = await createFirstAdmin(scope, { name: 'ana', role: 'admin' }) // { name: 'admin', password: '…' } or null
 */
export async function createFirstAdmin(scope: AuthScope, actor: Actor): Promise<FirstAdmin | null> {
  const password = newSecret(15);
  const passwordHash = await hashPassword(password, { oneTime: true });
  const now = nowOf(scope);
  return inAuthTransaction(scope, actor, now, async (db) => {
    const users = await listUsers(db, scope.workspaceId);
    if (users.some((u) => u.passwordHash !== null || u.name === FIRST_ADMIN)) return { result: null, change: null };
    const at = now.toISOString();
    await insertUser(db, scope.workspaceId, {
      name: FIRST_ADMIN,
      role: 'admin',
      roles: null,
      passwordHash,
      email: null,
      displayName: null,
      emailKinds: null,
      createdAt: at,
      createdBy: actor.name,
      updatedAt: at,
    });
    return {
      result: { name: FIRST_ADMIN, password },
      change: { action: 'user.add', before: null, after: { user: FIRST_ADMIN, role: 'admin', password: true, oneTimePassword: true } },
    };
  });
}

import { assertAdmin } from '../../core/auth/role-policy.ts';
import type { Actor } from '../../core/auth/roles.ts';
import { listUsers as listUserRows } from '../../store/user-rows.ts';
import type { AuthScope } from './auth-scope.ts';
import { type UserView, userView } from './user-view.ts';

/** Every user of the workspace, by name (admins only). */
export async function listUsers(scope: AuthScope, actor: Actor): Promise<UserView[]> {
  assertAdmin(actor, 'list users');
  return (await listUserRows(scope.store.db, scope.workspaceId)).map(userView);
}

/** Whether any user of the workspace has a password, so can log in to the web app (anyone may ask: `eos serve` says what to do otherwise). */
export async function anyoneCanLogIn(scope: AuthScope): Promise<boolean> {
  return (await listUserRows(scope.store.db, scope.workspaceId)).some((u) => u.passwordHash !== null);
}

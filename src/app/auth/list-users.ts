import { assertAdmin } from '../../core/auth/role-policy.ts';
import type { Actor } from '../../core/auth/roles.ts';
import { countUsers, listUsers as listUserRows } from '../../store/user-rows.ts';
import type { AuthScope } from './auth-scope.ts';
import { type UserView, userView } from './user-view.ts';

/** Every user of the workspace, by name (admins only). */
export async function listUsers(scope: AuthScope, actor: Actor): Promise<UserView[]> {
  assertAdmin(actor, 'list users');
  return (await listUserRows(scope.store.db, scope.workspaceId)).map(userView);
}

/** Whether the workspace has any user yet (anyone may ask: `eos serve` says how to add the first). */
export async function hasUsers(scope: AuthScope): Promise<boolean> {
  return (await countUsers(scope.store.db, scope.workspaceId)) > 0;
}

import type { Actor, Role } from '../../core/auth/roles.ts';
import { countUsers, findUser } from '../../store/user-rows.ts';
import type { AuthScope } from './auth-scope.ts';

/**
 * Who the CLI acts as (ADR 011). In a workspace without users, whoever runs the CLI owns the
 * store and acts as a local admin. Once it has users, EOS_USER must name one and the CLI has
 * that user's role; any other name may only read.
 */
export async function resolveCliActor(scope: AuthScope, name: string): Promise<Actor> {
  const user = await findUser(scope.store.db, scope.workspaceId, name);
  if (user) return { name, role: user.role as Role };
  if ((await countUsers(scope.store.db, scope.workspaceId)) === 0) return { name, role: 'admin' };
  return { name, role: 'viewer', guest: true };
}

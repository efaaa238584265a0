import type { Actor, Role } from '../../core/auth/roles.ts';
import type { Db } from '../../store/store.ts';
import { countUsers, findUser } from '../../store/user-rows.ts';
import type { AuthScope } from './auth-scope.ts';

/**
 * Who the CLI acts as (ADR 011). In a workspace without users, whoever runs the CLI owns the
 * store and acts as a local admin. Once it has users, EOS_USER must name one and the CLI has
 * that user's role; any other name may only read.
 */
export async function resolveCliActor(scope: AuthScope, name: string): Promise<Actor> {
  return cliActorIn(scope.store.db, scope.workspaceId, name);
}

/** resolveCliActor on a given connection: inside a transaction, it sees that transaction's rows. */
export async function cliActorIn(db: Db, workspaceId: string, name: string): Promise<Actor> {
  const user = await findUser(db, workspaceId, name);
  if (user) return { name, role: user.role as Role };
  if ((await countUsers(db, workspaceId)) === 0) return { name, role: 'admin' };
  return { name, role: 'viewer', guest: true };
}

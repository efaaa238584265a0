import type { Actor } from '../../core/auth/roles.ts';
import type { Db } from '../../store/store.ts';
import { countUsers, findUser } from '../../store/user-rows.ts';
import type { AuthScope } from './auth-scope.ts';
import { authenticateToken } from './authenticate.ts';
import { userActor } from './user-actor.ts';

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
  // EOS_USER names a user but proves nothing: the actor is not `verified`, so it can't sign (ADR 044).
  if (user) return userActor(name, user, { verified: false });
  if ((await countUsers(db, workspaceId)) === 0) return { name, role: 'admin' };
  return { name, role: 'viewer', guest: true };
}

/**
 * Who a CLI command acts as: with EOS_TOKEN, the token's user, who proved it and so may sign
 * (ADR 044); otherwise EOS_USER, resolved by resolveCliActor. A server running a forwarded
 * command passes the calling CLI's token, never its own environment's.
 */
export async function cliActor(scope: AuthScope, name: string, token: string | undefined): Promise<Actor> {
  if (token === undefined) return resolveCliActor(scope, name);
  return authenticateToken(scope, token);
}

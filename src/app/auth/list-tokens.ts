import { isAdmin } from '../../core/auth/role-policy.ts';
import type { Actor } from '../../core/auth/roles.ts';
import { listTokens as listTokenRows } from '../../store/token-rows.ts';
import type { AuthScope } from './auth-scope.ts';
import { type TokenView, tokenView } from './token-view.ts';

/** API tokens: all of them for an admin, one's own for anyone else. */
export async function listTokens(scope: AuthScope, actor: Actor): Promise<TokenView[]> {
  const own = isAdmin(actor) && !actor.guest ? undefined : actor.name;
  return (await listTokenRows(scope.store.db, scope.workspaceId, own)).map(tokenView);
}

import { assertAdmin } from '../../core/auth/role-policy.ts';
import type { Actor } from '../../core/auth/roles.ts';
import { notFound } from '../../core/errors.ts';
import { findTokenById, markTokenRevoked } from '../../store/token-rows.ts';
import { inAuthTransaction } from './audit-auth.ts';
import { type AuthScope, nowOf } from './auth-scope.ts';
import { type TokenView, tokenView } from './token-view.ts';

/** Revokes an API token at once (admins, or the token's own user). Revoking twice changes nothing. */
export async function revokeToken(scope: AuthScope, actor: Actor, id: string): Promise<TokenView> {
  const now = nowOf(scope);
  return inAuthTransaction(scope, actor, now, async (db) => {
    const row = await findTokenById(db, scope.workspaceId, id);
    if (!row) throw notFound(`There is no API token '${id}' in workspace '${scope.workspaceId}'`, { token: id });
    if (row.userName !== actor.name || actor.guest) assertAdmin(actor, `revoke other users' tokens (${id} belongs to ${row.userName})`);
    const revokedAt = row.revokedAt ?? now.toISOString();
    if (!row.revokedAt) await markTokenRevoked(db, scope.workspaceId, id, revokedAt);
    return { result: tokenView({ ...row, revokedAt }), change: { action: 'token.revoke', before: { token: id, user: row.userName }, after: { token: id, revokedAt } } };
  });
}

import { randomBytes } from 'node:crypto';
import { assertAdmin } from '../../core/auth/role-policy.ts';
import type { Actor } from '../../core/auth/roles.ts';
import { tokenExpiry } from '../../core/auth/token-expiry.ts';
import { invalidInput, notFound } from '../../core/errors.ts';
import { insertToken } from '../../store/token-rows.ts';
import { findUser } from '../../store/user-rows.ts';
import { inAuthTransaction } from './audit-auth.ts';
import { type AuthScope, nowOf } from './auth-scope.ts';
import { newSecret, sha256Hex } from './secrets.ts';
import { type TokenView, tokenView } from './token-view.ts';

/** The prefix of every eos API token, so a leaked one is recognisable (and scannable). */
export const TOKEN_PREFIX = 'eos_';

export interface CreatedToken extends TokenView {
  /** The token itself: shown this once, stored only as its sha256. */
  readonly token: string;
}

/**
 * Creates an API token for a user. An admin creates one for anyone; any user creates their own.
 * `expires` (a duration like `30d`, or a date) makes it stop working then; without it, it lasts until revoked.
 *
 * @example await createToken(scope, admin, { user: 'ci-bot', name: 'CI' }) // { id: '3f…', token: 'eos_…', … }
 */
export async function createToken(scope: AuthScope, actor: Actor, input: { user: string; name?: string | undefined; expires?: string | undefined }): Promise<CreatedToken> {
  if (actor.name !== input.user || actor.guest) assertAdmin(actor, `create tokens for other users (${input.user})`);
  const name = (input.name ?? 'token').trim();
  if (!name || name.length > 100) throw invalidInput('A token name must be 1-100 characters', { field: 'name', value: input.name });
  const now = nowOf(scope);
  const expiresAt = input.expires ? tokenExpiry(input.expires, now) : null;
  return inAuthTransaction(scope, actor, now, async (db) => {
    if (!(await findUser(db, scope.workspaceId, input.user)))
      throw notFound(`There is no user '${input.user}' in workspace '${scope.workspaceId}'; add one with: eos user add ${input.user} --role <role>`, { user: input.user });
    const token = `${TOKEN_PREFIX}${newSecret()}`;
    const row = {
      id: randomBytes(6).toString('hex'),
      userName: input.user,
      name,
      tokenHash: sha256Hex(token),
      createdAt: now.toISOString(),
      createdBy: actor.name,
      lastUsedAt: null,
      revokedAt: null,
      expiresAt,
    };
    await insertToken(db, scope.workspaceId, row);
    return {
      result: { ...tokenView(row), token },
      change: { action: 'token.create', before: null, after: { token: row.id, user: input.user, name, ...(expiresAt ? { expiresAt } : {}) } },
    };
  });
}

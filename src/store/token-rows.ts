import { and, asc, eq, isNull } from 'drizzle-orm';
import { apiTokens, users } from './schema-auth.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

export interface TokenRow {
  readonly id: string;
  readonly userName: string;
  readonly name: string;
  readonly tokenHash: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  /** After this the token is refused; null never expires. */
  readonly expiresAt: string | null;
}

function toRow({ workspaceId: _w, ...row }: typeof apiTokens.$inferSelect): TokenRow {
  return {
    ...row,
    createdAt: iso(row.createdAt),
    lastUsedAt: row.lastUsedAt ? iso(row.lastUsedAt) : null,
    revokedAt: row.revokedAt ? iso(row.revokedAt) : null,
    expiresAt: row.expiresAt ? iso(row.expiresAt) : null,
  };
}

export async function insertToken(db: Db, workspaceId: string, row: TokenRow): Promise<void> {
  await db.insert(apiTokens).values({ workspaceId, ...row });
}

export async function findTokenById(db: Db, workspaceId: string, id: string): Promise<TokenRow | undefined> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)));
  return rows[0] ? toRow(rows[0]) : undefined;
}

/** The live (not revoked) token with this hash. */
export async function findLiveTokenByHash(db: Db, workspaceId: string, tokenHash: string): Promise<TokenRow | undefined> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return rows[0] ? toRow(rows[0]) : undefined;
}

export async function listTokens(db: Db, workspaceId: string, userName?: string): Promise<TokenRow[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.workspaceId, workspaceId), userName === undefined ? undefined : eq(apiTokens.userName, userName)))
    .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
  return rows.map(toRow);
}

export async function markTokenRevoked(db: Db, workspaceId: string, id: string, at: string): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)));
}

export async function touchToken(db: Db, workspaceId: string, id: string, at: string): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: at })
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)));
}

/** The live (not revoked) token with this hash and its user's role, in one query. */
export async function findLiveTokenUser(
  db: Db,
  workspaceId: string,
  tokenHash: string,
): Promise<{ id: string; userName: string; role: string; roles: string[] | null; lastUsedAt: string | null; expiresAt: string | null } | undefined> {
  const rows = await db
    .select({ id: apiTokens.id, userName: apiTokens.userName, role: users.role, roles: users.roles, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.workspaceId, apiTokens.workspaceId), eq(users.name, apiTokens.userName)))
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  const row = rows[0];
  return row ? { ...row, lastUsedAt: row.lastUsedAt ? iso(row.lastUsedAt) : null, expiresAt: row.expiresAt ? iso(row.expiresAt) : null } : undefined;
}

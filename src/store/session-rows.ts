import { and, eq, lte, ne } from 'drizzle-orm';
import { sessions, users } from './schema-auth.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

export interface SessionRow {
  readonly idHash: string;
  readonly userName: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export async function insertSession(db: Db, workspaceId: string, row: SessionRow): Promise<void> {
  await db.insert(sessions).values({ workspaceId, ...row });
}

export async function findSession(db: Db, workspaceId: string, idHash: string): Promise<SessionRow | undefined> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.idHash, idHash)));
  const row = rows[0];
  return row ? { idHash: row.idHash, userName: row.userName, createdAt: iso(row.createdAt), expiresAt: iso(row.expiresAt) } : undefined;
}

export async function deleteSession(db: Db, workspaceId: string, idHash: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.idHash, idHash)));
}

/** Drops every session of the workspace that expired at or before `now`. */
export async function deleteExpiredSessions(db: Db, workspaceId: string, now: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.workspaceId, workspaceId), lte(sessions.expiresAt, now)));
}

/** Ends every session of one user (a password or role change signs them out everywhere), but `exceptIdHash`'s. */
export async function deleteUserSessions(db: Db, workspaceId: string, userName: string, exceptIdHash?: string): Promise<void> {
  const except = exceptIdHash === undefined ? undefined : ne(sessions.idHash, exceptIdHash);
  await db.delete(sessions).where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.userName, userName), except));
}

/** A session with its user's role and password hash, in one query; undefined when either is gone. */
export async function findSessionUser(
  db: Db,
  workspaceId: string,
  idHash: string,
): Promise<(SessionRow & { role: string; roles: string[] | null; passwordHash: string | null }) | undefined> {
  const rows = await db
    .select({
      idHash: sessions.idHash,
      userName: sessions.userName,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
      role: users.role,
      roles: users.roles,
      passwordHash: users.passwordHash,
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.workspaceId, sessions.workspaceId), eq(users.name, sessions.userName)))
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.idHash, idHash)));
  const row = rows[0];
  return row ? { ...row, createdAt: iso(row.createdAt), expiresAt: iso(row.expiresAt) } : undefined;
}

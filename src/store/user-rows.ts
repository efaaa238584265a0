import { and, asc, count, eq } from 'drizzle-orm';
import { users } from './schema-auth.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

export interface UserRow {
  readonly name: string;
  readonly role: string;
  /** Every role, the primary first, when more than one; null: just `role`. */
  readonly roles: readonly string[] | null;
  readonly passwordHash: string | null;
  /** Where notifications are e-mailed; null: in-app only. */
  readonly email: string | null;
  /** The name people see; null: the user name. */
  readonly displayName: string | null;
  /** The notification kinds e-mailed; null: the defaults. */
  readonly emailKinds: readonly string[] | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

function toRow({ workspaceId: _w, ...row }: typeof users.$inferSelect): UserRow {
  return { ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

/** A user's roles as stored: `[role]` unless the user holds several. */
export function userRoles(row: { readonly role: string; readonly roles: readonly string[] | null }): string[] {
  return row.roles && row.roles.length > 0 ? [...row.roles] : [row.role];
}

/** How a list of roles is stored: the first in `role`, all in `roles` when there are several. */
export function storedRoles(roles: readonly string[]): { role: string; roles: string[] | null } {
  return { role: roles[0] ?? 'viewer', roles: roles.length > 1 ? [...roles] : null };
}

export async function findUser(db: Db, workspaceId: string, name: string): Promise<UserRow | undefined> {
  const rows = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.name, name)));
  return rows[0] ? toRow(rows[0]) : undefined;
}

export async function listUsers(db: Db, workspaceId: string): Promise<UserRow[]> {
  const rows = await db.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(asc(users.name));
  return rows.map(toRow);
}

export async function countUsers(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.workspaceId, workspaceId));
  return Number(row?.n ?? 0);
}

export async function insertUser(db: Db, workspaceId: string, row: UserRow): Promise<void> {
  await db.insert(users).values({ workspaceId, ...row, roles: row.roles ? [...row.roles] : null, emailKinds: row.emailKinds ? [...row.emailKinds] : null });
}

/** Changes a user's roles, password hash, e-mail, display name or e-mail settings; false when there is no such user. */
export async function updateUser(
  db: Db,
  workspaceId: string,
  name: string,
  set: {
    role?: string;
    roles?: string[] | null;
    passwordHash?: string | null;
    email?: string | null;
    displayName?: string | null;
    emailKinds?: string[] | null;
    updatedAt: string;
  },
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set(set)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.name, name)))
    .returning({ name: users.name });
  return rows.length > 0;
}

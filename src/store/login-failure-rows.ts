import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { loginFailures } from './schema-auth.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

/** The failure times (epoch ms) of each key after `since`, every key present (an empty list for none). */
export async function recentLoginFailures(db: Db, workspaceId: string, keys: readonly string[], since: string): Promise<Map<string, number[]>> {
  const rows = await db
    .select({ key: loginFailures.key, at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(loginFailures.workspaceId, workspaceId), inArray(loginFailures.key, [...keys]), gt(loginFailures.at, since)));
  const times = new Map<string, number[]>(keys.map((k) => [k, []]));
  for (const row of rows) times.get(row.key)?.push(Date.parse(iso(row.at)));
  return times;
}

/** One failure at `at` for each key, written by login attempt `attempt`. */
export async function insertLoginFailures(db: Db, workspaceId: string, keys: readonly string[], at: string, attempt: string): Promise<void> {
  await db.insert(loginFailures).values(keys.map((key) => ({ workspaceId, key, at, attempt })));
}

/** Forgets every failure of the workspace at or before `before` (older than any window counts). */
export async function deleteLoginFailuresBefore(db: Db, workspaceId: string, before: string): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.workspaceId, workspaceId), lte(loginFailures.at, before)));
}

/** Forgets every failure of one key (a username, after it logged in). */
export async function deleteLoginFailures(db: Db, workspaceId: string, key: string): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.workspaceId, workspaceId), eq(loginFailures.key, key)));
}

/** Forgets the rows one login attempt wrote (it succeeded). */
export async function deleteLoginAttempt(db: Db, workspaceId: string, attempt: string): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.workspaceId, workspaceId), eq(loginFailures.attempt, attempt)));
}

/**
 * Serialises the login throttle's read-count-insert across every process on the database, until
 * the transaction ends (its own advisory lock, not the workspace's write lock).
 */
export async function lockLoginThrottle(db: Db, workspaceId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`eos-login:${workspaceId}`}))`);
}

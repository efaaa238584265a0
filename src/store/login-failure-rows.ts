import { and, eq, gt, inArray, lte } from 'drizzle-orm';
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

/** One failure at `at` for each key. */
export async function insertLoginFailures(db: Db, workspaceId: string, keys: readonly string[], at: string): Promise<void> {
  await db.insert(loginFailures).values(keys.map((key) => ({ workspaceId, key, at })));
}

/** Forgets every failure of the workspace at or before `before` (older than any window counts). */
export async function deleteLoginFailuresBefore(db: Db, workspaceId: string, before: string): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.workspaceId, workspaceId), lte(loginFailures.at, before)));
}

/** Forgets every failure of one key (a username, after it logged in). */
export async function deleteLoginFailures(db: Db, workspaceId: string, key: string): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.workspaceId, workspaceId), eq(loginFailures.key, key)));
}

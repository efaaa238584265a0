import { and, eq, isNull, lt } from 'drizzle-orm';
import { idempotencyKeys } from './schema-requests.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

/** Which request a key names: per workspace and actor. */
export interface IdempotencyId {
  readonly workspaceId: string;
  readonly actor: string;
  readonly key: string;
}

export interface IdempotencyRow extends IdempotencyId {
  readonly route: string;
  readonly requestHash: string;
  readonly owner: string;
  readonly committedAt: string | null;
  readonly status: number | null;
  readonly contentType: string | null;
  readonly response: string | null;
  readonly createdAt: string;
}

function same(id: IdempotencyId) {
  return and(eq(idempotencyKeys.workspaceId, id.workspaceId), eq(idempotencyKeys.actor, id.actor), eq(idempotencyKeys.key, id.key));
}

/** Claims a key for a request about to run; false when the key is already there. */
export async function insertIdempotencyKey(db: Db, row: IdempotencyId & { route: string; requestHash: string; owner: string; createdAt: string }): Promise<boolean> {
  const inserted = await db.insert(idempotencyKeys).values(row).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  return inserted.length > 0;
}

export async function findIdempotencyKey(db: Db, id: IdempotencyId): Promise<IdempotencyRow | undefined> {
  const [row] = await db.select().from(idempotencyKeys).where(same(id));
  return row ? { ...row, committedAt: row.committedAt ? iso(row.committedAt) : null, createdAt: iso(row.createdAt) } : undefined;
}

/** Inside the write's own transaction: the request's write is committed exactly when this is. */
export async function markIdempotencyCommitted(db: Db, id: IdempotencyId, at: string): Promise<void> {
  await db.update(idempotencyKeys).set({ committedAt: at }).where(same(id));
}

export async function saveIdempotentAnswer(db: Db, id: IdempotencyId, answer: { status: number; contentType: string; response: string }): Promise<void> {
  await db.update(idempotencyKeys).set(answer).where(same(id));
}

/** Hands a key whose process died before writing anything to a new owner; false if someone else did first. */
export async function takeOverIdempotencyKey(db: Db, id: IdempotencyId, from: string, to: string): Promise<boolean> {
  const taken = await db
    .update(idempotencyKeys)
    .set({ owner: to })
    .where(and(same(id), eq(idempotencyKeys.owner, from), isNull(idempotencyKeys.committedAt), isNull(idempotencyKeys.status)))
    .returning({ key: idempotencyKeys.key });
  return taken.length > 0;
}

export async function deleteIdempotencyKey(db: Db, id: IdempotencyId): Promise<void> {
  await db.delete(idempotencyKeys).where(same(id));
}

/** Forgets the workspace's keys created before `before` (they are kept 24 hours). */
export async function deleteIdempotencyKeysBefore(db: Db, workspaceId: string, before: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.workspaceId, workspaceId), lt(idempotencyKeys.createdAt, before)));
}

/** A key by itself, in whichever workspace it was used (a forwarded CLI command's random key). */
export async function findIdempotencyKeyOfActor(db: Db, actor: string, key: string): Promise<IdempotencyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actor, actor), eq(idempotencyKeys.key, key)));
  return row ? { ...row, committedAt: row.committedAt ? iso(row.committedAt) : null, createdAt: iso(row.createdAt) } : undefined;
}

import { and, asc, eq, inArray } from 'drizzle-orm';
import { links, unresolvedRefs } from './schema.ts';
import type { Db } from './store.ts';

export interface LinkRow {
  readonly fromId: string;
  readonly field: string;
  readonly toId: string;
  readonly position: number;
}

/** Replaces the targets of one relation field of one record, keeping their order. */
export async function replaceLinks(db: Db, workspaceId: string, fromId: string, field: string, toIds: readonly string[]): Promise<void> {
  await db.delete(links).where(and(eq(links.workspaceId, workspaceId), eq(links.fromId, fromId), eq(links.field, field)));
  const unique = [...new Set(toIds)];
  if (unique.length > 0) {
    await db.insert(links).values(unique.map((toId, position) => ({ workspaceId, fromId, field, toId, position })));
  }
}

export async function outgoingLinks(db: Db, workspaceId: string, fromIds: readonly string[]): Promise<LinkRow[]> {
  if (fromIds.length === 0) return [];
  return db
    .select({ fromId: links.fromId, field: links.field, toId: links.toId, position: links.position })
    .from(links)
    .where(and(eq(links.workspaceId, workspaceId), inArray(links.fromId, [...fromIds])))
    .orderBy(asc(links.fromId), asc(links.field), asc(links.position));
}

export async function incomingLinks(db: Db, workspaceId: string, toId: string): Promise<LinkRow[]> {
  return db
    .select({ fromId: links.fromId, field: links.field, toId: links.toId, position: links.position })
    .from(links)
    .where(and(eq(links.workspaceId, workspaceId), eq(links.toId, toId)));
}

export interface UnresolvedRow {
  readonly fromId: string;
  readonly field: string;
  readonly ref: string;
  readonly targetDatabase: string;
}

export async function replaceUnresolved(db: Db, workspaceId: string, fromId: string, field: string, targetDatabase: string, refs: readonly string[]): Promise<void> {
  await db.delete(unresolvedRefs).where(and(eq(unresolvedRefs.workspaceId, workspaceId), eq(unresolvedRefs.fromId, fromId), eq(unresolvedRefs.field, field)));
  const unique = [...new Set(refs)];
  if (unique.length > 0) {
    await db.insert(unresolvedRefs).values(unique.map((ref) => ({ workspaceId, fromId, field, ref, targetDatabase })));
  }
}

/** Pending references that a record with one of these keys or titles in `targetDatabase` now satisfies. */
export async function unresolvedFor(db: Db, workspaceId: string, targetDatabase: string, refs: readonly string[]): Promise<UnresolvedRow[]> {
  if (refs.length === 0) return [];
  return db
    .select({ fromId: unresolvedRefs.fromId, field: unresolvedRefs.field, ref: unresolvedRefs.ref, targetDatabase: unresolvedRefs.targetDatabase })
    .from(unresolvedRefs)
    .where(and(eq(unresolvedRefs.workspaceId, workspaceId), eq(unresolvedRefs.targetDatabase, targetDatabase), inArray(unresolvedRefs.ref, [...refs])));
}

import { and, eq, sql } from 'drizzle-orm';
import { oneOf } from './one-of.ts';
import { links, records, unresolvedRefs } from './schema.ts';
import type { Db } from './store.ts';
import { timeSlices } from './time-slices.ts';

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

/** Links out of these records, ordered by record, field and position (a raw select: it reads many rows). */
export async function outgoingLinks(db: Db, workspaceId: string, fromIds: readonly string[]): Promise<LinkRow[]> {
  if (fromIds.length === 0) return [];
  const ids = sql`= ${oneOf(fromIds, 'uuid')}`;
  const result = (await db.execute(
    sql`select from_id, field, to_id, position from links where workspace_id = ${workspaceId} and from_id ${ids} order by from_id, field, position`,
  )) as unknown as { rows: { from_id: string; field: string; to_id: string; position: number }[] };
  return result.rows.map((r) => ({ fromId: r.from_id, field: r.field, toId: r.to_id, position: r.position }));
}

/** Who links to these records, through which field, and from which database: one query. */
export async function incomingSources(db: Db, workspaceId: string, toIds: readonly string[]): Promise<{ fromId: string; field: string; toId: string; database: string }[]> {
  if (toIds.length === 0) return [];
  return db
    .select({ fromId: links.fromId, field: links.field, toId: links.toId, database: records.database })
    .from(links)
    .innerJoin(records, and(eq(records.workspaceId, links.workspaceId), eq(records.id, links.fromId)))
    .where(and(eq(links.workspaceId, workspaceId), sql`${links.toId} = ${oneOf(toIds, 'uuid')}`));
}

export interface UnresolvedRow {
  readonly fromId: string;
  readonly field: string;
  readonly ref: string;
  readonly targetDatabase: string;
}

/** Replaces the pending references of one relation field: each name, in each database it may appear in (no repeats). */
export async function replaceUnresolved(
  db: Db,
  workspaceId: string,
  fromId: string,
  field: string,
  entries: readonly { readonly ref: string; readonly targetDatabase: string }[],
): Promise<void> {
  await db.delete(unresolvedRefs).where(and(eq(unresolvedRefs.workspaceId, workspaceId), eq(unresolvedRefs.fromId, fromId), eq(unresolvedRefs.field, field)));
  if (entries.length > 0) {
    await db.insert(unresolvedRefs).values(entries.map((e) => ({ workspaceId, fromId, field, ref: e.ref, targetDatabase: e.targetDatabase })));
  }
}

/** Pending references that a record with one of these keys or titles in `targetDatabase` now satisfies. */
export async function unresolvedFor(db: Db, workspaceId: string, targetDatabase: string, refs: readonly string[]): Promise<UnresolvedRow[]> {
  if (refs.length === 0) return [];
  return db
    .select({ fromId: unresolvedRefs.fromId, field: unresolvedRefs.field, ref: unresolvedRefs.ref, targetDatabase: unresolvedRefs.targetDatabase })
    .from(unresolvedRefs)
    .where(and(eq(unresolvedRefs.workspaceId, workspaceId), eq(unresolvedRefs.targetDatabase, targetDatabase), sql`${unresolvedRefs.ref} = ${oneOf(refs)}`));
}

const LINK_BATCH = 5000;

/** Inserts many links and pending references of new records at once. */
export async function insertLinksAndRefs(db: Db, workspaceId: string, newLinks: readonly LinkRow[], refs: readonly UnresolvedRow[], rowsPerStatement = LINK_BATCH): Promise<void> {
  const slice = timeSlices();
  for (let i = 0; i < newLinks.length; i += rowsPerStatement) {
    const batch = newLinks.slice(i, i + rowsPerStatement).map((l) => ({ from_id: l.fromId, field: l.field, to_id: l.toId, position: l.position }));
    await db.execute(sql`insert into links (workspace_id, from_id, field, to_id, position)
      select ${workspaceId}, x.from_id, x.field, x.to_id, x.position from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(from_id uuid, field text, to_id uuid, position int)`);
    await slice();
  }
  for (let i = 0; i < refs.length; i += rowsPerStatement) {
    const batch = refs.slice(i, i + rowsPerStatement).map((r) => ({ from_id: r.fromId, field: r.field, ref: r.ref, target_database: r.targetDatabase }));
    await db.execute(sql`insert into unresolved_refs (workspace_id, from_id, field, ref, target_database)
      select ${workspaceId}, x.from_id, x.field, x.ref, x.target_database from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(from_id uuid, field text, ref text, target_database text)`);
    await slice();
  }
}

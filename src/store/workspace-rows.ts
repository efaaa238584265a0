import { asc, eq, sql } from 'drizzle-orm';
import type { DatabaseDef, PackManifest } from '../core/pack/pack-schema.ts';
import { databases, workspaces } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

export interface WorkspaceRow {
  readonly workspaceId: string;
  readonly packId: string;
  readonly packVersion: string;
  readonly createdAt: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export async function findWorkspace(db: Db, workspaceId: string): Promise<WorkspaceRow | undefined> {
  const rows = await db.select().from(workspaces).where(eq(workspaces.workspaceId, workspaceId));
  return rows[0] ? { ...rows[0], createdAt: iso(rows[0].createdAt) } : undefined;
}

export async function listWorkspaces(db: Db): Promise<WorkspaceRow[]> {
  const rows = await db.select().from(workspaces).orderBy(asc(workspaces.workspaceId));
  return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt) }));
}

export async function insertWorkspace(db: Db, row: WorkspaceRow, manifest: PackManifest, defs: readonly DatabaseDef[]): Promise<void> {
  await db.insert(workspaces).values({ ...row, settings: { ...row.settings, pack: manifest } });
  if (defs.length > 0) {
    await db.insert(databases).values(defs.map((definition, position) => ({ workspaceId: row.workspaceId, id: definition.id, position, definition })));
  }
}

/** The pack's databases as this workspace loaded them (the JSON snapshot, in pack order). */
export async function loadDatabaseDefs(db: Db, workspaceId: string): Promise<DatabaseDef[]> {
  const rows = await db.select().from(databases).where(eq(databases.workspaceId, workspaceId)).orderBy(asc(databases.position));
  return rows.map((r) => r.definition as unknown as DatabaseDef);
}

/**
 * Replaces the workspace's database definitions with a new pack version's, keeping each
 * database's PREFIX-N counter.
 */
export async function replaceDatabaseDefs(db: Db, workspaceId: string, manifest: PackManifest, defs: readonly DatabaseDef[]): Promise<void> {
  const counters = new Map(
    (await db.select({ id: databases.id, next: databases.nextNumber }).from(databases).where(eq(databases.workspaceId, workspaceId))).map((r) => [r.id, r.next]),
  );
  await db.delete(databases).where(eq(databases.workspaceId, workspaceId));
  if (defs.length > 0) {
    await db.insert(databases).values(defs.map((definition, position) => ({ workspaceId, id: definition.id, position, definition, nextNumber: counters.get(definition.id) ?? 1 })));
  }
  const [current] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.workspaceId, workspaceId));
  await db
    .update(workspaces)
    .set({ packId: manifest.id, packVersion: manifest.version, settings: { ...(current?.settings ?? {}), pack: manifest } })
    .where(eq(workspaces.workspaceId, workspaceId));
}

/** Removes one key of a workspace's settings. */
export async function clearWorkspaceSetting(db: Db, workspaceId: string, key: string): Promise<void> {
  await db
    .update(workspaces)
    .set({ settings: sql`${workspaces.settings} - ${key}::text` })
    .where(eq(workspaces.workspaceId, workspaceId));
}

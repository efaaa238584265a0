import { sql } from 'drizzle-orm';
import type { Ritual } from '../core/pack/ritual-schema.ts';
import type { Db } from './store.ts';

/** Replaces the workspace's rituals with a pack's (at init and at a pack upgrade), in the settings under `rituals`. */
export async function replaceRituals(db: Db, workspaceId: string, rituals: readonly Ritual[]): Promise<void> {
  await db.execute(sql`update workspaces set settings = settings || jsonb_build_object('rituals', ${JSON.stringify(rituals)}::jsonb) where workspace_id = ${workspaceId}`);
}

/** The pack's rituals as the workspace loaded them, in pack order. */
export async function loadRituals(db: Db, workspaceId: string): Promise<Ritual[]> {
  const result = (await db.execute(sql`select settings->'rituals' as rituals from workspaces where workspace_id = ${workspaceId}`)) as unknown as {
    rows: { rituals: Ritual[] | null }[];
  };
  return result.rows[0]?.rituals ?? [];
}

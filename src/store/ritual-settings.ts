import { sql } from 'drizzle-orm';
import type { Ritual } from '../core/pack/ritual-schema.ts';
import type { Db } from './store.ts';

/**
 * Replaces the workspace's rituals with a pack's (at init and at a pack upgrade), in the settings
 * under `rituals`; `ritualsSince` keeps the first time a pack gave the workspace rituals.
 */
export async function replaceRituals(db: Db, workspaceId: string, rituals: readonly Ritual[], at: string): Promise<void> {
  await db.execute(
    sql`update workspaces set settings = settings || jsonb_build_object('rituals', ${JSON.stringify(rituals)}::jsonb, 'ritualsSince', coalesce(settings->'ritualsSince', to_jsonb(${at}::text))) where workspace_id = ${workspaceId}`,
  );
}

/** Since when the workspace has had rituals: a scheduled pass creates no occurrence due before it. */
export async function loadRitualsSince(db: Db, workspaceId: string): Promise<string | null> {
  const result = (await db.execute(sql`select settings->>'ritualsSince' as since from workspaces where workspace_id = ${workspaceId}`)) as unknown as {
    rows: { since: string | null }[];
  };
  return result.rows[0]?.since ?? null;
}

/** The pack's rituals as the workspace loaded them, in pack order. */
export async function loadRituals(db: Db, workspaceId: string): Promise<Ritual[]> {
  const result = (await db.execute(sql`select settings->'rituals' as rituals from workspaces where workspace_id = ${workspaceId}`)) as unknown as {
    rows: { rituals: Ritual[] | null }[];
  };
  return result.rows[0]?.rituals ?? [];
}

import { sql } from 'drizzle-orm';
import type { Target } from '../core/pack/target-schema.ts';
import type { Db } from './store.ts';

/** Replaces the workspace's delivery targets with a pack's (at init and at a pack upgrade), in the settings under `targets`. */
export async function replaceTargets(db: Db, workspaceId: string, targets: readonly Target[]): Promise<void> {
  await db.execute(sql`update workspaces set settings = settings || jsonb_build_object('targets', ${JSON.stringify(targets)}::jsonb) where workspace_id = ${workspaceId}`);
}

/** The pack's targets as the workspace loaded them, in pack order. */
export async function loadTargets(db: Db, workspaceId: string): Promise<Target[]> {
  const result = (await db.execute(sql`select settings->'targets' as targets from workspaces where workspace_id = ${workspaceId}`)) as unknown as {
    rows: { targets: Target[] | null }[];
  };
  return result.rows[0]?.targets ?? [];
}

import { and, eq, lt, sql } from 'drizzle-orm';
import { scheduleTicks } from './schema.ts';
import type { Db } from './store.ts';

/** How long a claimed tick is remembered: long past any clock skew between servers. */
const KEEP_MS = 24 * 60 * 60_000;

/**
 * Claims one tick of a scheduled job for this process: true if it inserted the tick's row, false
 * if another process on the database had (the primary key decides, in one statement). Ticks
 * older than a day are dropped on the way.
 */
export async function claimTickRow(db: Db, workspaceId: string, job: string, tick: Date, claimedBy: string, now: Date): Promise<boolean> {
  await db
    .delete(scheduleTicks)
    .where(and(eq(scheduleTicks.workspaceId, workspaceId), eq(scheduleTicks.job, job), lt(scheduleTicks.tick, new Date(now.getTime() - KEEP_MS).toISOString())));
  const inserted = await db
    .insert(scheduleTicks)
    .values({ workspaceId, job, tick: tick.toISOString(), claimedBy, claimedAt: now.toISOString() })
    .onConflictDoNothing()
    .returning({ tick: sql<string>`tick` });
  return inserted.length === 1;
}

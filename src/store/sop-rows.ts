import { and, asc, eq, sql } from 'drizzle-orm';
import type { SopTick } from '../core/records/sop-checklist.ts';
import { sopChecks } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

export interface SopTickRow extends SopTick {
  readonly recordId: string;
}

const columns = { recordId: sopChecks.recordId, step: sopChecks.step, stepText: sopChecks.stepText, checkedBy: sopChecks.checkedBy, checkedAt: sopChecks.checkedAt };

/** The stored ticks of these records, by record then step; the ids go as one array parameter (a gate check reads thousands). */
export async function sopTicksOf(db: Db, workspaceId: string, recordIds: readonly string[]): Promise<SopTickRow[]> {
  if (recordIds.length === 0) return [];
  const rows = await db
    .select(columns)
    .from(sopChecks)
    .where(and(eq(sopChecks.workspaceId, workspaceId), sql`${sopChecks.recordId} = any(${sql.param([...new Set(recordIds)])}::uuid[])`))
    .orderBy(asc(sopChecks.recordId), asc(sopChecks.step));
  return rows.map((r) => ({ ...r, checkedAt: iso(r.checkedAt) }));
}

/** Stores a tick of one step, replacing an earlier tick of it (one made under a step's older text). */
export async function putSopTick(db: Db, workspaceId: string, tick: SopTickRow): Promise<void> {
  const values = { stepText: tick.stepText, checkedBy: tick.checkedBy, checkedAt: tick.checkedAt };
  await db
    .insert(sopChecks)
    .values({ workspaceId, recordId: tick.recordId, step: tick.step, ...values })
    .onConflictDoUpdate({ target: [sopChecks.workspaceId, sopChecks.recordId, sopChecks.step], set: values });
}

export async function deleteSopTick(db: Db, workspaceId: string, recordId: string, step: number): Promise<void> {
  await db.delete(sopChecks).where(and(eq(sopChecks.workspaceId, workspaceId), eq(sopChecks.recordId, recordId), eq(sopChecks.step, step)));
}

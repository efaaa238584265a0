import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Decision } from '../core/decisions/decision.ts';
import { decisions } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

export async function insertDecision(db: Db, workspaceId: string, decision: Decision): Promise<void> {
  await db.insert(decisions).values({ workspaceId, ...decision, evidence: [...decision.evidence], details: { ...decision.details } });
}

export interface DecisionQuery {
  readonly scope?: string | undefined;
  readonly action?: string | undefined;
  readonly recordId?: string | undefined;
  readonly limit?: number | undefined;
}

/** The decision log, newest first. */
export async function listDecisions(db: Db, workspaceId: string, query: DecisionQuery = {}): Promise<Decision[]> {
  const where = and(
    eq(decisions.workspaceId, workspaceId),
    query.scope ? eq(decisions.scope, query.scope) : undefined,
    query.action ? eq(decisions.action, query.action) : undefined,
    query.recordId ? eq(decisions.recordId, query.recordId) : undefined,
  );
  const q = db.select().from(decisions).where(where).orderBy(desc(decisions.at), desc(decisions.id));
  const rows = query.limit !== undefined ? await q.limit(query.limit) : await q;
  return rows.map(({ workspaceId: _w, ...row }) => ({ ...row, at: iso(row.at) }));
}

/** Which of `actions` the decision log holds about each of `recordIds`: one row per pair found. */
export async function decidedActions(db: Db, workspaceId: string, recordIds: readonly string[], actions: readonly string[]): Promise<{ recordId: string; action: string }[]> {
  if (recordIds.length === 0 || actions.length === 0) return [];
  const rows = await db
    .selectDistinct({ recordId: decisions.recordId, action: decisions.action })
    .from(decisions)
    .where(and(eq(decisions.workspaceId, workspaceId), inArray(decisions.recordId, [...recordIds]), inArray(decisions.action, [...actions])));
  return rows.filter((r): r is { recordId: string; action: string } => r.recordId !== null);
}

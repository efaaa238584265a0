import { asc, eq } from 'drizzle-orm';
import type { AlertRule } from '../core/pack/alert-rule-schema.ts';
import { alertRules } from './schema.ts';
import type { Db } from './store.ts';

/** Replaces the workspace's alert rules with a pack's (at init and at a pack upgrade). */
export async function replaceAlertRules(db: Db, workspaceId: string, rules: readonly AlertRule[]): Promise<void> {
  await db.delete(alertRules).where(eq(alertRules.workspaceId, workspaceId));
  if (rules.length > 0) {
    await db
      .insert(alertRules)
      .values(rules.map((definition, position) => ({ workspaceId, id: definition.id, position, definition: definition as unknown as Record<string, unknown> })));
  }
}

/** The pack's alert rules as the workspace loaded them, in pack order. */
export async function loadAlertRules(db: Db, workspaceId: string): Promise<AlertRule[]> {
  const rows = await db.select().from(alertRules).where(eq(alertRules.workspaceId, workspaceId)).orderBy(asc(alertRules.position));
  return rows.map((r) => r.definition as unknown as AlertRule);
}

import { count, eq } from 'drizzle-orm';
import { audit, decisions, records } from '../../src/store/schema.ts';
import type { Store } from '../../src/store/store.ts';

/** How many audit entries, records and decisions a workspace holds: a refused request changes none. */
export async function writtenCounts(store: Store, workspaceId: string): Promise<{ audit: number; records: number; decisions: number }> {
  const [a] = await store.db.select({ n: count() }).from(audit).where(eq(audit.workspaceId, workspaceId));
  const [r] = await store.db.select({ n: count() }).from(records).where(eq(records.workspaceId, workspaceId));
  const [d] = await store.db.select({ n: count() }).from(decisions).where(eq(decisions.workspaceId, workspaceId));
  return { audit: Number(a?.n ?? 0), records: Number(r?.n ?? 0), decisions: Number(d?.n ?? 0) };
}

import { auditHead } from '../store/audit-rows.ts';
import type { Store } from '../store/store.ts';

/**
 * Tells the witness the trail's head after a commit (never inside the transaction: a crash in
 * between only leaves the witness behind, which verify accepts; it never runs ahead of the trail).
 */
export async function witnessHead(store: Store, workspaceId: string): Promise<void> {
  const head = await auditHead(store.db, workspaceId);
  if (head) store.trust.witnessHead(workspaceId, head);
}

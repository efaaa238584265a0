import { type ChainCheck, type ChainedAuditEntry, verifyChain } from '../core/audit/audit-entry.ts';
import { listAudit } from '../store/audit-rows.ts';
import { findRecord } from './records/find-record.ts';
import type { Session } from './session.ts';

/** The audit trail of the workspace, or of one record, oldest first (or newest first, for a page of the latest). */
export async function auditTrail(
  session: Session,
  input: { ref?: string | undefined; limit?: number | undefined; newestFirst?: boolean | undefined } = {},
): Promise<ChainedAuditEntry[]> {
  const record = input.ref ? await findRecord(session.store.db, session, input.ref) : undefined;
  return listAudit(session.store.db, session.workspaceId, { recordId: record?.id, limit: input.limit, newestFirst: input.newestFirst });
}

const PAGE = 5000;

/**
 * Recomputes the workspace's SHA-256 hash chain from the stored rows and names the first
 * entry that was altered, removed or re-linked behind eos's back.
 */
export async function verifyAudit(session: Session): Promise<ChainCheck> {
  const entries: ChainedAuditEntry[] = [];
  for (let after = 0; ; ) {
    const page = await listAudit(session.store.db, session.workspaceId, { afterSeq: after, limit: PAGE });
    entries.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.seq ?? after;
  }
  return verifyChain(entries);
}

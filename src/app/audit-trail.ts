import type { SignedAuditEntry } from '../core/audit/audit-entry.ts';
import { listAudit } from '../store/audit-rows.ts';
import { findRecord } from './records/find-record.ts';
import type { Session } from './session.ts';

/** The audit trail of the workspace, or of one record, oldest first (or newest first, for a page of the latest). */
export async function auditTrail(
  session: Session,
  input: { ref?: string | undefined; limit?: number | undefined; newestFirst?: boolean | undefined } = {},
): Promise<SignedAuditEntry[]> {
  const record = input.ref ? await findRecord(session.store.db, session, input.ref) : undefined;
  return listAudit(session.store.db, session.workspaceId, { recordId: record?.id, limit: input.limit, newestFirst: input.newestFirst });
}

export { verifyAudit } from './verify-audit.ts';

import type { StoredRecord } from '../../core/records/eos-record.ts';
import { appendAudit } from '../../store/audit-rows.ts';
import type { WriteContext } from '../write-context.ts';

/** Appends a comment's audit entry on its record's trail: what it said before and after. */
export async function auditComment(
  w: WriteContext,
  record: StoredRecord,
  action: 'comment.add' | 'comment.edit' | 'comment.delete',
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
): Promise<void> {
  await appendAudit(w.db, w.session.store.trust, w.session.workspaceId, {
    at: w.now.toISOString(),
    actor: w.session.actor,
    action,
    recordId: record.id,
    database: record.database,
    recordKey: record.key,
    before,
    after,
  });
}

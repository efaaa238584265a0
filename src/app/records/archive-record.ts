import { conflict, invalidInput } from '../../core/errors.ts';
import { publicRecord, type StoredRecord } from '../../core/records/eos-record.ts';
import { updateRecordRow } from '../../store/record-rows.ts';
import type { Session } from '../session.ts';
import { auditRecord, inWriteTransaction } from '../write-context.ts';
import type { WriteResult } from './create-record.ts';
import { findRecord } from './find-record.ts';
import { assertVersion } from './update-record.ts';

/**
 * Archives a record (a soft delete) or restores it: lists, boards and search leave an archived
 * record out unless asked, and nothing else changes. Its status, fields and links stay, so every
 * gate that reads it (a rollup, a relation) decides as before, and a restore brings it back as it
 * was. One audit entry each (record.archive, record.restore); `ifVersion` refuses a stale write.
 *
 * @example await archiveRecord(session, { ref: 'ECR-0001', archived: true })
 */
export async function archiveRecord(session: Session, input: { ref: string; archived: boolean; ifVersion?: number | undefined }): Promise<WriteResult> {
  const what = input.archived ? 'archive records' : 'restore records';
  return inWriteTransaction(session, what, async (w) => {
    const record = await findRecord(w.db, session, input.ref);
    assertVersion(record, input.ifVersion);
    if (input.archived === (record.archivedAt !== undefined)) {
      throw invalidInput(
        input.archived
          ? `${record.key} is already archived (by ${record.archivedBy}): eos record restore ${record.key} brings it back`
          : `${record.key} is not archived: there is nothing to restore`,
        { record: record.key },
      );
    }
    const { archivedAt: _at, archivedBy: _by, ...rest } = record;
    const after: StoredRecord = {
      ...rest,
      ...(input.archived ? { archivedAt: w.now.toISOString(), archivedBy: session.actor } : {}),
      version: record.version + 1,
      updatedAt: w.now.toISOString(),
      updatedBy: session.actor,
    };
    if (!(await updateRecordRow(w.db, session.workspaceId, after, record.version))) {
      throw conflict(`${record.key} changed while it was being ${input.archived ? 'archived' : 'restored'}: try again`, { record: record.key });
    }
    await auditRecord(w, { action: input.archived ? 'record.archive' : 'record.restore', before: record, after });
    return { record: publicRecord(after), warnings: w.warnings };
  });
}

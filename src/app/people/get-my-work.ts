import { type MyWork, myWork } from '../../core/people/my-work.ts';
import { publicRecord } from '../../core/records/eos-record.ts';
import { listRecordRows } from '../../store/record-rows.ts';
import type { Session } from '../session.ts';

/**
 * The session's person's work across every database: what they own, what waits for their review
 * or signature, what is blocked on them (`GET /api/v1/me/work`, the My work page).
 */
export async function getMyWork(session: Session): Promise<MyWork> {
  const records = [];
  for (const def of session.databases.values()) {
    for (const row of await listRecordRows(session.store.db, session.workspaceId, { database: def.id })) records.push(publicRecord(row));
  }
  return myWork(session.databases, records, { name: session.actor, roles: session.roles ?? [session.role] });
}

import { refusalNotices } from '../../core/people/refusal-notices.ts';
import { lockWorkspace } from '../../store/record-rows.ts';
import type { Db } from '../../store/store.ts';
import { listUsers, userRoles } from '../../store/user-rows.ts';
import { findRecord } from '../records/find-record.ts';
import { MoveRefused, stepLabel } from '../records/move-refusal.ts';
import type { Session } from '../session.ts';
import { notifyPeopleIn } from './notify-people.ts';

/**
 * After a move is refused for unmet criteria (its transaction rolled back), tells the record's
 * people and the signers it waits for, in a transaction of its own. Telling is best-effort: a
 * failure here never hides the refusal itself.
 */
export async function notifyRefusedMove(session: Session, ref: string, error: unknown): Promise<void> {
  if (!(error instanceof MoveRefused) || error.refusal.kind !== 'unmet' || session.guest) return;
  const refusal = error.refusal;
  try {
    await session.store.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      await lockWorkspace(db, session.workspaceId);
      const record = await findRecord(db, session, ref);
      const def = session.databases.get(record.database);
      if (!def) return;
      const users = await listUsers(db, session.workspaceId);
      const holders = (role: string) => users.filter((u) => userRoles(u).includes(role)).map((u) => u.name);
      const unmet = refusal.unmet.map((u) => `${refusal.walk.length > 1 ? `${stepLabel(u.step)}: ` : ''}${u.message}`);
      await notifyPeopleIn(
        db,
        { workspaceId: session.workspaceId, actor: session.actor },
        session.clock(),
        refusalNotices(def, record, { to: refusal.to, unmet, actor: session.actor, holders }),
      );
    });
  } catch {
    // The refusal is what the caller must see; a notification that could not be written is not.
  }
}

import { unauthenticated } from '../../core/errors.ts';
import { addWatcherRows, deleteWatcherRow } from '../../store/people-rows.ts';
import { lockWorkspace } from '../../store/record-rows.ts';
import type { Db } from '../../store/store.ts';
import { findRecord } from '../records/find-record.ts';
import type { Session } from '../session.ts';
import { recordWatchers, type Watcher } from './record-watchers.ts';

/**
 * Starts or stops watching a record for oneself. Anyone who may read the record may watch it, a
 * viewer too: it is a personal setting, not a change to the record, so it is not audited.
 * Unwatching a record one watches as its author or assignee is remembered as `unwatch`.
 */
export async function watchRecord(session: Session, ref: string, watch: boolean): Promise<{ record: string; watching: boolean; watchers: Watcher[] }> {
  if (session.guest) throw unauthenticated(`${session.actor} is not a user of this workspace: sign in to watch records`);
  return session.store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockWorkspace(db, session.workspaceId);
    const record = await findRecord(db, session, ref);
    await deleteWatcherRow(db, session.workspaceId, record.id, session.actor);
    const at = session.clock().toISOString();
    const def = session.databases.get(record.database);
    const implied = (await recordWatchers(db, session.workspaceId, def, record)).some((w) => w.name === session.actor);
    if (watch && !implied) await addWatcherRows(db, session.workspaceId, record.id, [{ userName: session.actor, reason: 'watch', since: at }]);
    if (!watch && implied) await addWatcherRows(db, session.workspaceId, record.id, [{ userName: session.actor, reason: 'unwatch', since: at }]);
    const watchers = await recordWatchers(db, session.workspaceId, def, record);
    return { record: record.key, watching: watchers.some((w) => w.name === session.actor), watchers };
  });
}

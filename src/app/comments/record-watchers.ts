import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { namesIn } from '../../core/people/my-work.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { listWatcherRows } from '../../store/people-rows.ts';
import type { Db } from '../../store/store.ts';

/** Someone who hears of a record's comments, and why. */
export interface Watcher {
  readonly name: string;
  /** author (made the record), assignee (a person field names them), mention, comment, watch. */
  readonly reason: string;
}

/**
 * Who watches a record: its author, the people its person fields name, and those with a stored
 * reason (mentioned, commented, clicked Watch), less anyone who clicked Unwatch. Names are as
 * written; notifyPeopleIn skips those that are not users.
 */
export async function recordWatchers(db: Db, workspaceId: string, def: DatabaseDef | undefined, record: StoredRecord): Promise<Watcher[]> {
  const out = new Map<string, Watcher>();
  const add = (name: string, reason: string) => {
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), { name, reason });
  };
  const stored = await listWatcherRows(db, workspaceId, record.id);
  const unwatched = new Set(stored.filter((w) => w.reason === 'unwatch').map((w) => w.userName.toLowerCase()));
  add(record.createdBy, 'author');
  for (const f of def?.fields ?? []) {
    if (f.type !== 'person' && f.type !== 'people') continue;
    const value = record.fields[f.name];
    for (const name of Array.isArray(value) ? value : [value]) if (typeof name === 'string' && namesIn(name).length > 0) add(name.trim(), 'assignee');
  }
  for (const w of stored) if (w.reason !== 'unwatch') add(w.userName, w.reason);
  return [...out.values()].filter((w) => !unwatched.has(w.name.toLowerCase()));
}

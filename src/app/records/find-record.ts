import { invalidInput, notFound } from '../../core/errors.ts';
import { assertText } from '../../core/limits.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { recordsByRef } from '../../store/record-rows.ts';
import type { Db } from '../../store/store.ts';
import type { Session } from '../session.ts';

function pick(candidates: readonly StoredRecord[], ref: string): StoredRecord[] {
  const byKey = candidates.filter((r) => r.key === ref);
  return byKey.length > 0 ? byKey : candidates.filter((r) => r.title === ref);
}

/**
 * Finds a record by key, or by exact title where exactly one record has it (CONTRACT §2).
 * `database/key` narrows the search to one database when a key or title is ambiguous.
 */
export async function findRecord(db: Db, session: Session, ref: string): Promise<StoredRecord> {
  assertText(ref, 'record', 'keyLength');
  const slash = ref.indexOf('/');
  const scoped = slash > 0 && session.databases.has(ref.slice(0, slash));
  const database = scoped ? ref.slice(0, slash) : undefined;
  const name = scoped ? ref.slice(slash + 1) : ref;
  const matches = pick(await recordsByRef(db, session.workspaceId, [name], database), name);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) throw notFound(`No record has the key or title '${ref}'`, { record: ref });
  const where = matches.map((m) => `${m.database}/${m.key}`).join(', ');
  throw invalidInput(`'${ref}' is ambiguous: it names ${matches.length} records (${where}); use one of those forms`, { record: ref, candidates: where });
}

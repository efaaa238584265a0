import type { DatabaseDef } from '../pack/pack-schema.ts';

const CLOSING_NAMES = /^(closed|done|cancell?ed|rejected|retired|archived|completed?|resolved|obsolete|superseded|spent|won't do|wont do)$/i;

/**
 * Whether a status ends its lifecycle, so a record in it is no longer open: the pack lists no
 * way out of it, or it is named like an end (Closed, Done, Rejected…), or, in a lifecycle
 * without transitions, it is the last status.
 *
 * @example isFinalStatus(changeControl, 'Closed') // true
 */
export function isFinalStatus(db: DatabaseDef, status: string): boolean {
  if (CLOSING_NAMES.test(status.trim())) return true;
  const transitions = db.status.transitions;
  if (transitions) return (transitions[status] ?? []).length === 0 && status in transitions;
  return db.status.values[db.status.values.length - 1] === status && db.status.values.length > 1;
}

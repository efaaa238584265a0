import { incidentLinkRows, prevSuccessRows } from '../store/event-rows.ts';
import type { Session } from './session.ts';

/** Which deployment each incident is blamed on (given by the source, or linked by time). */
export async function listIncidentLinks(session: Session) {
  return incidentLinkRows(session.store.db, session.workspaceId);
}

/** Each deployment part's previous successful part in its (scope, repo, environment) series: '' for the first, null when not a candidate. */
export async function listPrevSuccessLinks(session: Session) {
  return prevSuccessRows(session.store.db, session.workspaceId);
}

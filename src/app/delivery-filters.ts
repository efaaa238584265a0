import { knownProjects, teamRows } from '../store/event-rows.ts';
import { listRecords } from './records/read-records.ts';
import type { Session } from './session.ts';

export interface DeliveryFilters {
  /** Every project an event names. */
  readonly projects: readonly string[];
  /** Teams with delivery settings (`eos metrics team`, CODEOWNERS, the demo). */
  readonly teams: readonly string[];
  /** Services records of the pack that name a project (a service's name is its project). */
  readonly services: readonly string[];
}

/**
 * What the Metrics page can narrow to: projects, teams and services.
 *
 * @example await deliveryFilters(session) // { projects: ['api', 'web'], teams: ['Feature Team A'], services: ['api'] }
 */
export async function deliveryFilters(session: Session): Promise<DeliveryFilters> {
  const projects = await knownProjects(session.store.db, session.workspaceId);
  const teams = (await teamRows(session.store.db, session.workspaceId)).map((t) => t.team).sort();
  const known = new Set(projects);
  const services = session.databases.has('services') ? (await listRecords(session, { database: 'services' })).map((r) => r.title).filter((t) => known.has(t)) : [];
  return { projects, teams, services: [...new Set(services)].sort() };
}

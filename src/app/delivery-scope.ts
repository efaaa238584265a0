import { invalidInput, notFound } from '../core/errors.ts';
import { clockMinutes, DEFAULT_BUSINESS_HOURS, isTimeZone } from '../core/metrics/business-hours.ts';
import { knownProjects, projectsWithoutEvents, type TeamRow, teamRows, upsertTeam } from '../store/event-rows.ts';
import { listRecordRows } from '../store/record-rows.ts';
import type { Db } from '../store/store.ts';
import { deriveDelivery } from './derive-delivery.ts';
import type { Session } from './session.ts';
import { auditChange, inWriteTransaction, type WriteContext } from './write-context.ts';

export interface DeliveryScope {
  /** Null: the whole workspace. */
  readonly projects: readonly string[] | null;
  readonly team: string | null;
  /** e.g. a --project that no event names (a typo reads as "no data" otherwise). */
  readonly warnings: readonly string[];
}

/**
 * The projects a team owns: those in its delivery settings (`eos metrics team`) plus the
 * services its Services records name it the Owning Team of (a service's name is a project).
 */
async function servicesOwnedBy(db: Db, session: Session, team: string): Promise<string[]> {
  if (!session.databases.has('services')) return [];
  // Read through `db`, which may be the open transaction of a gate asking for a team's metric.
  const services = await listRecordRows(db, session.workspaceId, { database: 'services' });
  return services.filter((r) => ownerKeys(r.fields['Owning Team']).includes(team)).map((r) => r.title);
}

/** A relation field's stored value: the keys of the records it links. */
const ownerKeys = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

async function unknown(db: Db, session: Session, projects: readonly string[]): Promise<string[]> {
  const missing = await projectsWithoutEvents(db, session.workspaceId, projects);
  if (missing.length === 0) return [];
  const known = (await knownProjects(db, session.workspaceId)).join(', ') || '(none yet)';
  return missing.map((p) => `no event names project '${p}'; known projects: ${known}`);
}

/** Which projects a metrics request covers. `db` may be an open transaction. */
export async function resolveScope(session: Session, options: { project?: string | undefined; team?: string | undefined }, db: Db = session.store.db): Promise<DeliveryScope> {
  if (options.project && options.team) throw invalidInput('Give --project or --team, not both');
  const teams = await teamRows(db, session.workspaceId);
  if (options.team) {
    const row = teams.find((t) => t.team === options.team);
    const projects = [...new Set([...(row?.projects ?? []), ...(await servicesOwnedBy(db, session, options.team))])].sort();
    if (!row && projects.length === 0) {
      throw notFound(`No team '${options.team}' owns any project. Map it with: eos metrics team '${options.team}' --projects p1,p2 (or set it as a service's Owning Team)`, {
        team: options.team,
      });
    }
    return { projects, team: options.team, warnings: await unknown(db, session, projects) };
  }
  const projects = options.project ? [options.project] : null;
  return { projects, team: null, warnings: projects ? await unknown(db, session, projects) : [] };
}

export interface TeamSettingsInput {
  readonly team: string;
  readonly projects?: readonly string[] | undefined;
  readonly timeZone?: string | undefined;
  /** e.g. `1-5` or `1,2,3,4,5` (ISO weekdays, 1 = Monday). */
  readonly workDays?: string | undefined;
  /** e.g. `09:00-17:00`. */
  readonly hours?: string | undefined;
}

/**
 * Sets a team's projects and business hours; what isn't given keeps its value (or the default).
 * The review-SLA business minutes of the projects it gains or loses are recomputed with it.
 */
export async function setTeamSettings(session: Session, input: TeamSettingsInput): Promise<TeamRow> {
  return inWriteTransaction(session, 'set team settings', (w) => setTeamSettingsIn(w, input));
}

/** setTeamSettings inside a write transaction the caller holds; audited as `team.settings`. */
export async function setTeamSettingsIn(w: WriteContext, input: TeamSettingsInput): Promise<TeamRow> {
  const workspaceId = w.session.workspaceId;
  const current = (await teamRows(w.db, workspaceId)).find((t) => t.team === input.team);
  const row = teamSettings(input, current);
  await upsertTeam(w.db, workspaceId, row);
  await deriveDelivery(w.db, workspaceId, [...new Set([...(current?.projects ?? []), ...row.projects])].sort());
  await auditChange(w, { action: 'team.settings', before: current ? { ...current } : null, after: { ...row } });
  return row;
}

function teamSettings(input: TeamSettingsInput, current: TeamRow | undefined): TeamRow {
  const base: TeamRow = current ?? { team: input.team, projects: [], ...DEFAULT_BUSINESS_HOURS };
  const problems: string[] = [];
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) problems.push(`--time-zone '${input.timeZone}' is not an IANA time zone (e.g. Europe/Berlin)`);
  let workDays = base.workDays;
  if (input.workDays !== undefined) {
    const range = /^([1-7])-([1-7])$/.exec(input.workDays);
    const list = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : input.workDays.split(',').map((d) => Number(d.trim()));
    if (list.length === 0 || list.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
      problems.push(`--days '${input.workDays}' must be ISO weekdays like 1-5 or 1,2,3,4,5 (1 = Monday)`);
    else workDays = [...new Set(list)].sort();
  }
  let [dayStart, dayEnd] = [base.dayStart, base.dayEnd];
  if (input.hours !== undefined) {
    const [s, e] = input.hours.split('-');
    const start = clockMinutes(s ?? '');
    const end = clockMinutes(e ?? '');
    if (start === null || end === null || end <= start) problems.push(`--hours '${input.hours}' must be HH:MM-HH:MM with the end after the start, e.g. 09:00-17:00`);
    else [dayStart, dayEnd] = [s ?? dayStart, e ?? dayEnd];
  }
  if (problems.length > 0) throw invalidInput(problems.join('; '), { problems });
  return { team: input.team, projects: input.projects ?? base.projects, timeZone: input.timeZone ?? base.timeZone, workDays, dayStart, dayEnd };
}

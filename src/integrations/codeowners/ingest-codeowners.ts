import { setTeamSettings } from '../../app/delivery-scope.ts';
import { listRecords } from '../../app/records/read-records.ts';
import type { Session } from '../../app/session.ts';
import { invalidInput } from '../../core/errors.ts';
import { saveCodeowners } from '../../store/codeowners-settings.ts';
import { teamRows } from '../../store/event-rows.ts';
import { isTeam, parseCodeowners } from './parse-codeowners.ts';

export interface IngestCodeownersOptions {
  readonly file: string;
  readonly text: string;
  readonly repo: string;
  /** The project the repo's events belong to; defaults to the repo. */
  readonly project?: string;
  /** `@org/team` → eos team name; unmapped teams match an existing team by slug, else keep their slug. */
  readonly teamNames?: Readonly<Record<string, string>>;
}

export interface IngestCodeownersReport {
  readonly repo: string;
  readonly project: string;
  readonly rules: number;
  /** Every team the file names, with the patterns it owns. */
  readonly teams: readonly { readonly owner: string; readonly team: string; readonly patterns: readonly string[] }[];
  /** The teams that own the repository as a whole (the catch-all rule's teams, else every team named). */
  readonly owningTeams: readonly string[];
}

const CATCH_ALL = new Set(['*', '**', '/**', '/*', '/']);
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * `eos ingest codeowners <file> --repo R`: reads a CODEOWNERS file, keeps its rules for the
 * repository (workspace settings, `codeowners.<repo>`), and adds the repository's project to
 * the delivery teams that own it, so `eos metrics --team T` covers it.
 */
export async function ingestCodeowners(session: Session, options: IngestCodeownersOptions): Promise<IngestCodeownersReport> {
  const parsed = parseCodeowners(options.text);
  if (parsed.problems.length > 0) {
    const lines = parsed.problems.map((p) => `  ${options.file}:${p.line}: ${p.message}`);
    throw invalidInput(
      `${options.file} has ${parsed.problems.length} line${parsed.problems.length === 1 ? '' : 's'} GitHub would reject; nothing was stored:\n${lines.join('\n')}`,
      {
        problems: parsed.problems,
      },
    );
  }
  const project = options.project ?? options.repo;
  const existing = await teamRows(session.store.db, session.workspaceId);
  // The pack's Teams database names teams too ('Feature Team A' matches @acme/feature-team-a).
  const records = session.databases.has('teams') ? (await listRecords(session, { database: 'teams' })).map((r) => r.title) : [];
  const nameOf = (owner: string) => {
    const mapped = options.teamNames?.[owner];
    if (mapped) return mapped;
    const teamSlug = owner.split('/')[1] ?? owner;
    return [...existing.map((t) => t.team), ...records].find((t) => slug(t) === slug(teamSlug)) ?? teamSlug;
  };
  const patterns = new Map<string, string[]>();
  for (const rule of parsed.rules) for (const owner of rule.owners.filter(isTeam)) patterns.set(owner, [...(patterns.get(owner) ?? []), rule.pattern]);
  const catchAll = parsed.rules.filter((r) => CATCH_ALL.has(r.pattern)).at(-1);
  const owners = catchAll ? catchAll.owners.filter(isTeam) : [...patterns.keys()];
  const owningTeams = [...new Set(owners.map(nameOf))].sort();
  for (const team of owningTeams) {
    const current = existing.find((t) => t.team === team)?.projects ?? [];
    if (!current.includes(project)) await setTeamSettings(session, { team, projects: [...current, project].sort() });
  }
  await saveCodeowners(session.store.db, session.workspaceId, options.repo, { project, owningTeams, rules: parsed.rules });
  return {
    repo: options.repo,
    project,
    rules: parsed.rules.length,
    teams: [...patterns].map(([owner, p]) => ({ owner, team: nameOf(owner), patterns: p })).sort((a, b) => a.owner.localeCompare(b.owner)),
    owningTeams,
  };
}

import { applyCodeowners } from '../../app/codeowners.ts';
import type { Session } from '../../app/session.ts';
import { invalidInput } from '../../core/errors.ts';
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

/**
 * `eos ingest codeowners <file> --repo R`: reads a CODEOWNERS file and hands its rules and
 * owning teams to applyCodeowners (src/app/codeowners.ts), which keeps them for the repository
 * and adds the repository's project to the delivery teams that own it, so `eos metrics --team T`
 * covers it: one audited write under the workspace lock, refused to a viewer.
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
  const patterns = new Map<string, string[]>();
  for (const rule of parsed.rules) for (const owner of rule.owners.filter(isTeam)) patterns.set(owner, [...(patterns.get(owner) ?? []), rule.pattern]);
  const catchAll = parsed.rules.filter((r) => CATCH_ALL.has(r.pattern)).at(-1);
  const owners = catchAll ? catchAll.owners.filter(isTeam) : [...patterns.keys()];
  const { owningTeams, teamOf } = await applyCodeowners(session, {
    repo: options.repo,
    project,
    rules: parsed.rules,
    owners,
    named: [...patterns.keys()],
    teamNames: options.teamNames,
  });
  return {
    repo: options.repo,
    project,
    rules: parsed.rules.length,
    teams: [...patterns].map(([owner, p]) => ({ owner, team: teamOf[owner] ?? owner, patterns: p })).sort((a, b) => a.owner.localeCompare(b.owner)),
    owningTeams,
  };
}

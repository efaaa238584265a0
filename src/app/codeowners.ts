import { loadCodeowners, type StoredCodeowners, saveCodeowners } from '../store/codeowners-settings.ts';
import { teamRows } from '../store/event-rows.ts';
import { setTeamSettingsIn } from './delivery-scope.ts';
import { listRecords } from './records/read-records.ts';
import type { Session } from './session.ts';
import { auditChange, inWriteTransaction } from './write-context.ts';

export type CodeownersRules = StoredCodeowners['rules'];

export interface CodeownersInput {
  readonly repo: string;
  /** The project the repo's events belong to. */
  readonly project: string;
  /** Every rule of the file, as parsed (kept for path-level ownership). */
  readonly rules: CodeownersRules;
  /** The GitHub teams (`@org/team`) that own the repository as a whole. */
  readonly owners: readonly string[];
  /** Every GitHub team the file names, to report the eos team each one maps to. */
  readonly named: readonly string[];
  /** `@org/team` → eos team name; unmapped teams match an existing team by slug, else keep their slug. */
  readonly teamNames?: Readonly<Record<string, string>> | undefined;
}

export interface CodeownersResult {
  /** The eos teams that own the repository, which now have its project. */
  readonly owningTeams: readonly string[];
  /** Each named GitHub team → its eos team name. */
  readonly teamOf: Readonly<Record<string, string>>;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * The eos team a GitHub team is: its `--team-name` mapping, else a known team (a delivery team
 * or a Teams record) with the same slug, else the GitHub team's own slug.
 *
 * @example teamNameOf('@acme/feature-team-a', ['Feature Team A'], {}) // 'Feature Team A'
 */
export function teamNameOf(owner: string, known: readonly string[], teamNames: Readonly<Record<string, string>> = {}): string {
  const mapped = teamNames[owner];
  if (mapped) return mapped;
  const teamSlug = owner.split('/')[1] ?? owner;
  return known.find((t) => slug(t) === slug(teamSlug)) ?? teamSlug;
}

/**
 * Keeps a repository's CODEOWNERS (workspace settings, `codeowners.<repo>`) and adds its project
 * to each owning team's delivery settings (ADR 027), in one write transaction under the
 * workspace lock: a viewer is refused before anything is read, and the change is audited
 * (`team.settings` per team that gains the project, `codeowners.ingest` for the rules).
 */
export async function applyCodeowners(session: Session, input: CodeownersInput): Promise<CodeownersResult> {
  // The pack's Teams database names teams too ('Feature Team A' matches @acme/feature-team-a).
  // Read before the transaction: PGlite has one connection, which the transaction holds.
  const records = session.databases.has('teams') ? (await listRecords(session, { database: 'teams' })).map((r) => r.title) : [];
  return inWriteTransaction(session, 'ingest CODEOWNERS', async (w) => {
    const existing = await teamRows(w.db, session.workspaceId);
    const known = [...existing.map((t) => t.team), ...records];
    const teamOf = Object.fromEntries(input.named.map((owner) => [owner, teamNameOf(owner, known, input.teamNames)]));
    const owningTeams = [...new Set(input.owners.map((owner) => teamNameOf(owner, known, input.teamNames)))].sort();
    for (const team of owningTeams) {
      const current = existing.find((t) => t.team === team)?.projects ?? [];
      if (!current.includes(input.project)) await setTeamSettingsIn(w, { team, projects: [...current, input.project].sort() });
    }
    const before = (await loadCodeowners(w.db, session.workspaceId))[input.repo] ?? null;
    const after: StoredCodeowners = { project: input.project, owningTeams, rules: input.rules };
    await saveCodeowners(w.db, session.workspaceId, input.repo, after);
    await auditChange(w, { action: 'codeowners.ingest', before: before ? { repo: input.repo, ...before } : null, after: { repo: input.repo, ...after } });
    return { owningTeams, teamOf };
  });
}

/** The CODEOWNERS kept per repository (`eos ingest codeowners`), keyed by repo. */
export async function readCodeowners(session: Session): Promise<Record<string, StoredCodeowners>> {
  return loadCodeowners(session.store.db, session.workspaceId);
}

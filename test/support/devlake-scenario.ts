import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { EventBatchInput } from '../../src/core/metrics/event-batch.ts';

/** The DevLake DORA acceptance scenarios (`dora-acceptance/v1`), read from ../shared beside the repo. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../../shared/conformance/devlake-dora/scenarios', import.meta.url));
export const HAVE_SCENARIOS = existsSync(SCENARIO_DIR);
/** DevLake's e2e CSVs the scenarios were converted from, verbatim. */
export const FIXTURE_DIR = fileURLToPath(new URL('../../../shared/conformance/devlake-dora/fixtures/e2e', import.meta.url));

type Row = Record<string, unknown>;

export interface Scenario {
  readonly file: string;
  readonly id: string;
  readonly project: string;
  readonly inputs: Record<string, Row[]>;
  readonly expected: Record<string, unknown>;
  /** The DevLake files it was converted from (`backend/plugins/dora/…`). */
  readonly sourcePaths: readonly string[];
}

export function loadScenarios(): Scenario[] {
  if (!HAVE_SCENARIOS) return [];
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const json = JSON.parse(readFileSync(`${SCENARIO_DIR}/${file}`, 'utf8')) as Omit<Scenario, 'file'> & { format: string };
      if (json.format !== 'dora-acceptance/v1') throw new Error(`${file}: unknown format ${json.format}`);
      const source = (json as { source?: { paths?: string[] } }).source;
      return { file, id: json.id, project: json.project, inputs: json.inputs, expected: json.expected, sourcePaths: source?.paths ?? [] };
    });
}

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/** Where DevLake's project_mapping puts a (kind, id); unmapped scopes get a project of their own, so they stay out of every mapped one. */
function projectOf(scenario: Scenario, kind: string, id: string): string {
  const m = (scenario.inputs.projectMapping ?? []).find((r) => r.kind === kind && r.id === id);
  return m ? String(m.project) : `unmapped:${kind}:${id}`;
}

/**
 * The `environment` cell of each deployment commit as DevLake's own CSV holds it: the scenario's
 * `null` is an empty cell there (`''`), which is what DevLake's tables carry for a CI run it
 * couldn't classify. Empty when the scenario came from no deployment-commits CSV.
 */
export function csvEnvironments(scenario: Scenario): Map<string, string> {
  const csv = scenario.sourcePaths.find((p) => /cicd_deployment_commits(_before|_after)?\.csv$/.test(p));
  if (!csv) return new Map();
  const path = `${FIXTURE_DIR}/${csv.replace(/^backend\/plugins\/dora\/(e2e\/)?/, '')}`;
  const rows = parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];
  return new Map(rows.map((r) => [String(r.id), String(r.environment)]));
}

/**
 * Maps a scenario's DevLake tables onto the `eos ingest events` input, losing nothing the
 * metrics read: repos and CI scopes map to projects through project_mapping, comments become
 * reviews, commits_diffs become each deployment part's shippedCommits (the rows whose old sha is
 * the part's given previous deployment's commit, as DevLake's join requires). Each deployment
 * commit's environment is DevLake's CSV cell exactly as given, empty ones included.
 */
export function scenarioToEvents(scenario: Scenario): EventBatchInput {
  const inputs = scenario.inputs;
  const environments = csvEnvironments(scenario);
  const parts = inputs.deploymentCommits ?? [];
  const byId = new Map(parts.map((p) => [String(p.id), p]));
  const diffs = inputs.commitDiffs ?? [];
  const pullRequests = (inputs.pullRequests ?? []).map((pr) => ({
    id: String(pr.id),
    project: projectOf(scenario, 'repo', String(pr.repoId)),
    repo: String(pr.repoId),
    author: str(pr.authorId),
    createdAt: String(pr.createdAt),
    mergedAt: str(pr.mergedAt),
    mergeCommitSha: str(pr.mergeCommitSha),
    commits: (inputs.pullRequestCommits ?? []).filter((c) => c.pullRequestId === pr.id).map((c) => ({ sha: String(c.sha), authoredAt: str(c.authoredAt) })),
    reviews: (inputs.pullRequestComments ?? [])
      .filter((c) => c.pullRequestId === pr.id)
      .map((c) => ({ id: String(c.id), author: str(c.accountId), state: 'COMMENTED', submittedAt: String(c.createdAt) })),
  }));
  const deployments = parts.map((p) => {
    const prev = byId.get(String(p.prevSuccessDeploymentCommitId ?? ''));
    const oldSha = prev ? String(prev.commitSha) : null;
    return {
      id: String(p.id),
      deploymentId: String(p.deploymentId),
      project: projectOf(scenario, 'cicdScope', String(p.scopeId)),
      scope: String(p.scopeId),
      repo: String(p.repoUrl),
      environment: environments.get(String(p.id)) ?? p.environment,
      result: String(p.result),
      startedAt: str(p.startedAt),
      finishedAt: str(p.finishedAt),
      commitSha: str(p.commitSha),
      shippedCommits: diffs.filter((d) => d.newCommitSha === p.commitSha && str(d.oldCommitSha) === oldSha).map((d) => String(d.commitSha)),
    };
  });
  const incidents = (inputs.incidents ?? []).map((i) => {
    const project = projectOf(scenario, String(i.scopeKind), String(i.scopeId));
    return {
      id: String(i.id),
      project: project.startsWith('unmapped:') ? null : project,
      createdAt: String(i.createdAt),
      resolvedAt: str(i.resolvedAt),
    };
  });
  return { pullRequests, deployments, incidents };
}

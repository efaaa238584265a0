import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EventBatchInput } from '../../src/core/metrics/event-batch.ts';

/** The DevLake DORA acceptance scenarios (`dora-acceptance/v1`), read from ../shared beside the repo. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../../shared/conformance/devlake-dora/scenarios', import.meta.url));
export const HAVE_SCENARIOS = existsSync(SCENARIO_DIR);

type Row = Record<string, unknown>;

export interface Scenario {
  readonly file: string;
  readonly id: string;
  readonly project: string;
  readonly inputs: Record<string, Row[]>;
  readonly expected: Record<string, unknown>;
}

export function loadScenarios(): Scenario[] {
  if (!HAVE_SCENARIOS) return [];
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const json = JSON.parse(readFileSync(`${SCENARIO_DIR}/${file}`, 'utf8')) as Omit<Scenario, 'file'> & { format: string };
      if (json.format !== 'dora-acceptance/v1') throw new Error(`${file}: unknown format ${json.format}`);
      return { file, id: json.id, project: json.project, inputs: json.inputs, expected: json.expected };
    });
}

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/** Where DevLake's project_mapping puts a (kind, id); unmapped scopes get a project of their own, so they stay out of every mapped one. */
function projectOf(scenario: Scenario, kind: string, id: string): string {
  const m = (scenario.inputs.projectMapping ?? []).find((r) => r.kind === kind && r.id === id);
  return m ? String(m.project) : `unmapped:${kind}:${id}`;
}

/**
 * Maps a scenario's DevLake tables onto the `eos ingest events` input, losing nothing the
 * metrics read: repos and CI scopes map to projects through project_mapping, comments become
 * reviews, commits_diffs become each deployment part's shippedCommits (the rows whose old sha is
 * the part's given previous deployment's commit, as DevLake's join requires).
 */
export function scenarioToEvents(scenario: Scenario): EventBatchInput {
  const inputs = scenario.inputs;
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
      environment: str(p.environment),
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

/** A CI pipeline run, as DevLake's `cicd_pipelines` holds it. */
export interface CiPipeline {
  readonly id: string;
  readonly scopeId: string;
  readonly result: string | null;
  readonly type: string | null;
  readonly environment: string | null;
  readonly durationSec: number | null;
  readonly startedAt?: string | null;
  readonly finishedAt: string | null;
}

export interface CiTask {
  readonly pipelineId: string;
  readonly result: string | null;
  readonly type: string | null;
  readonly environment: string | null;
}

/** The commit of one repository a pipeline built. */
export interface CiPipelineCommit {
  readonly pipelineId: string;
  readonly commitSha: string;
  readonly repoUrl: string;
}

/** A deployment part in the shape of the `eos ingest events` input. */
export interface GeneratedDeployment {
  readonly id: string;
  readonly deploymentId: string;
  readonly scope: string;
  readonly repo: string;
  readonly commitSha: string;
  readonly environment: string | null;
  readonly result: 'success' | 'failure';
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

const upper = (v: string | null | undefined) => (v ?? '').toUpperCase();
const ENVIRONMENTS = ['PRODUCTION', 'STAGING', 'TESTING'] as const;

/**
 * DevLake's `generateDeploymentCommits`: a finished (SUCCESS or FAILURE) pipeline is a
 * deployment when it is of type DEPLOYMENT or runs a non-skipped DEPLOYMENT task. Each of its
 * repositories becomes a part `<pipeline id>:<repo url>`. A missing start is the finish minus
 * the duration; a missing environment is inferred from its non-skipped tasks (any PRODUCTION
 * task makes it PRODUCTION, then STAGING, then TESTING).
 *
 * @example deploymentsFromPipelines({ pipelines, tasks, pipelineCommits })[0].id // 'gitlab:GitlabPipeline:1:457475337:https://…'
 */
export function deploymentsFromPipelines(input: {
  readonly pipelines: readonly CiPipeline[];
  readonly tasks: readonly CiTask[];
  readonly pipelineCommits: readonly CiPipelineCommit[];
}): GeneratedDeployment[] {
  const out: GeneratedDeployment[] = [];
  for (const p of input.pipelines) {
    const result = upper(p.result);
    if (result !== 'SUCCESS' && result !== 'FAILURE') continue;
    const tasks = input.tasks.filter((t) => t.pipelineId === p.id && upper(t.result) !== 'SKIPPED');
    if (upper(p.type) !== 'DEPLOYMENT' && !tasks.some((t) => upper(t.type) === 'DEPLOYMENT')) continue;
    const taskEnvironments = new Set(tasks.map((t) => upper(t.environment)));
    const environment = p.environment || (ENVIRONMENTS.find((e) => taskEnvironments.has(e)) ?? null);
    const startedAt = p.startedAt ?? (p.finishedAt && p.durationSec !== null ? new Date(Date.parse(p.finishedAt) - p.durationSec * 1000).toISOString() : null);
    for (const c of input.pipelineCommits.filter((pc) => pc.pipelineId === p.id)) {
      out.push({
        id: `${p.id}:${c.repoUrl}`,
        deploymentId: p.id,
        scope: p.scopeId,
        repo: c.repoUrl,
        commitSha: c.commitSha,
        environment,
        result: result === 'SUCCESS' ? 'success' : 'failure',
        startedAt,
        finishedAt: p.finishedAt,
      });
    }
  }
  return out;
}

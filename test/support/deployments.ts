/** A successful production deployment `n` of project `api` (commit `c<n>`), finished at `at`. */
export const productionDeployment = (n: number, at: string) => ({
  id: `api-${n}`,
  deploymentId: `release-${n}`,
  project: 'api',
  repo: 'api',
  environment: 'production',
  result: 'success',
  startedAt: at,
  finishedAt: at,
  commitSha: `c${n}`,
});

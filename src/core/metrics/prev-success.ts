import type { DeploymentPart } from './delivery-model.ts';

/**
 * DevLake's `enrichPrevSuccessDeploymentCommits`: within each (scope, repo, environment)
 * series of successful, finished parts, ordered by finish time, each part's predecessor; the
 * first of a series gets `''`. Failed parts and parts with no environment are left out (absent
 * from the map), as DevLake leaves them untouched.
 *
 * @example prevSuccessIds(parts).get('5') // '1'
 */
export function prevSuccessIds(parts: readonly DeploymentPart[]): Map<string, string> {
  const series = new Map<string, DeploymentPart[]>();
  for (const p of parts) {
    if (p.result.toLowerCase() !== 'success' || !p.finishedAt || !p.environment || !p.repo) continue;
    const key = JSON.stringify([p.scope, p.repo, p.environment.toLowerCase()]);
    series.set(key, [...(series.get(key) ?? []), p]);
  }
  const prev = new Map<string, string>();
  for (const rows of series.values()) {
    const sorted = [...rows].sort((a, b) => Date.parse(a.finishedAt ?? '') - Date.parse(b.finishedAt ?? '') || compareIds(a.id, b.id));
    sorted.forEach((p, i) => {
      prev.set(p.id, i === 0 ? '' : (sorted[i - 1]?.id ?? ''));
    });
  }
  return prev;
}

/** SQL string order of ids (byte order), which DevLake's tie-breaks use. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { countsForDora, type DeploymentPart, type IncidentRow } from './delivery-model.ts';

/**
 * DevLake's `ConnectIncidentToDeployment`: an incident is blamed on the deployment of the
 * latest successful production part in its project that finished strictly before the incident
 * was created, whatever the repo and however long before. An incident that names its
 * deployment keeps it (CONTRACT §7); one created before any deployment stays unlinked.
 *
 * @example incidentDeployments(incidents, parts).get('i1') // 'pipeline7'
 */
export function incidentDeployments(incidents: readonly IncidentRow[], parts: readonly DeploymentPart[]): Map<string, string | null> {
  const byProject = new Map<string, { at: number; deploymentId: string }[]>();
  for (const p of parts) {
    if (!countsForDora(p)) continue;
    const list = byProject.get(p.project) ?? [];
    list.push({ at: Date.parse(p.finishedAt ?? ''), deploymentId: p.deploymentId });
    byProject.set(p.project, list);
  }
  for (const list of byProject.values()) list.sort((a, b) => a.at - b.at);
  const out = new Map<string, string | null>();
  for (const incident of incidents) {
    if (incident.givenDeploymentId) {
      out.set(incident.id, incident.givenDeploymentId);
      continue;
    }
    const list = incident.project ? (byProject.get(incident.project) ?? []) : [];
    out.set(incident.id, lastBefore(list, Date.parse(incident.createdAt))?.deploymentId ?? null);
  }
  return out;
}

/** The last entry with `at` strictly before `t`, by binary search over entries sorted by `at`. */
function lastBefore<T extends { at: number }>(sorted: readonly T[], t: number): T | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.at ?? Number.POSITIVE_INFINITY) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : undefined;
}

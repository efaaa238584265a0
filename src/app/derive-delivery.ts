import { type BusinessHours, DEFAULT_BUSINESS_HOURS } from '../core/metrics/business-hours.ts';
import { reviewSlaMinutes } from '../core/metrics/flow-metrics.ts';
import { incidentDeployments } from '../core/metrics/incident-links.ts';
import { prStageTimes } from '../core/metrics/pr-stage-times.ts';
import { prevSuccessIds } from '../core/metrics/prev-success.ts';
import { shippedBetween } from '../core/metrics/shipped-commits.ts';
import {
  commitParents,
  deleteRowsWhere,
  deploymentParts,
  incidentRows,
  prCommitRows,
  prReviewRows,
  pullRequestRows,
  replacePrMetrics,
  setIncidentDeployments,
  setPrevSuccess,
  shippedCommits,
  type TeamRow,
  teamRows,
  upsertRows,
} from '../store/event-rows.ts';
import type { Db } from '../store/store.ts';

/**
 * Refreshes what eos derives from the events of these projects, in DevLake's subtask order:
 * previous successful deployments, shipped commits (from the commit graph where the source
 * gave none), PR stage times, then incident links.
 */
export async function deriveDelivery(db: Db, workspaceId: string, projects: readonly string[]): Promise<void> {
  if (projects.length === 0) return;
  const parts = await deploymentParts(db, workspaceId, projects);
  const prev = prevSuccessIds(parts);
  await setPrevSuccess(
    db,
    workspaceId,
    parts.map((p) => ({ id: p.id, prev: prev.get(p.id) ?? null })),
  );
  await deriveShipped(db, workspaceId, parts, prev);
  // One after another: inside a transaction they share one connection.
  const pullRequests = await pullRequestRows(db, workspaceId, projects);
  const merged = pullRequests.filter((p) => p.mergedAt !== null).map((p) => p.id);
  const commits = await prCommitRows(db, workspaceId, merged);
  const reviews = await prReviewRows(db, workspaceId, merged);
  const shipped = await shippedCommits(
    db,
    workspaceId,
    parts.map((p) => p.id),
  );
  const hoursOf = businessHoursOf(await teamRows(db, workspaceId));
  const stages = prStageTimes({ pullRequests, commits, reviews, parts, prevSuccess: prev, shipped }).map((row) => {
    const sla = reviewSlaMinutes(row, hoursOf(row.project));
    return { ...row, firstReviewBusinessMinutes: sla.firstReview, approvalBusinessMinutes: sla.approval };
  });
  await replacePrMetrics(db, workspaceId, projects, stages);
  const links = incidentDeployments(await incidentRows(db, workspaceId, projects), parts);
  await setIncidentDeployments(
    db,
    workspaceId,
    [...links].map(([id, deployment]) => ({ id, deployment })),
  );
}

/** The business hours of a project: its owning team's (the first team listing it), else the default. */
export function businessHoursOf(teams: readonly TeamRow[]): (project: string) => BusinessHours {
  return (project) => {
    const t = teams.find((team) => team.projects.includes(project));
    return t ? { timeZone: t.timeZone, workDays: t.workDays, dayStart: t.dayStart, dayEnd: t.dayEnd } : DEFAULT_BUSINESS_HOURS;
  };
}

type StoredPart = Awaited<ReturnType<typeof deploymentParts>>[number];

/** Walks the commit graph for the parts whose source listed no shipped commits. */
async function deriveShipped(db: Db, workspaceId: string, parts: readonly StoredPart[], prev: ReadonlyMap<string, string>): Promise<void> {
  const derived = parts.filter((p) => !p.shippedGiven);
  if (derived.length === 0) return;
  const graphs = await commitParents(db, workspaceId, [...new Set(derived.map((p) => p.repo))]);
  const byId = new Map(parts.map((p) => [p.id, p]));
  const rows: { part_id: string; sha: string }[] = [];
  for (const part of derived) {
    const before = byId.get(prev.get(part.id) ?? '');
    const graph = graphs.get(part.repo);
    if (!graph || !part.commitSha || !before?.commitSha) continue;
    for (const sha of shippedBetween(graph, part.commitSha, before.commitSha)) rows.push({ part_id: part.id, sha });
  }
  await deleteRowsWhere(
    db,
    workspaceId,
    'delivery_shipped_commits',
    'part_id',
    derived.map((p) => p.id),
  );
  await upsertRows(db, workspaceId, 'delivery_shipped_commits', rows);
}

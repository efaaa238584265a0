import { createHash } from 'node:crypto';
import { type EventBatch, type EventBatchInput, parseEventBatch } from '../core/metrics/event-batch.ts';
import type { MonitorEventKind } from '../core/monitors/monitor-events.ts';
import { analyzeTables, deleteRowsWhere, type EventRow, type EventTable, projectsDeployingRepos, storedDigests, upsertRows } from '../store/event-rows.ts';
import type { Db } from '../store/store.ts';
import { deriveDelivery } from './derive-delivery.ts';
import { writeMonitorEvents } from './ingest-monitor-events.ts';
import type { Session } from './session.ts';
import { auditChange, inWriteTransaction, type WriteContext } from './write-context.ts';

/** The event kinds a batch carries, as counted in an ingest result (a PR counts with its commits and reviews). */
export const EVENT_KINDS = ['pullRequests', 'deployments', 'incidents', 'commits'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Per kind: rows new to the store, rows that changed, rows already stored exactly as given. */
export interface IngestCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/**
 * Per delivery kind always; per monitor kind (SLO samples, job failures, spend, quota, incident
 * acknowledgements) only when the batch carries some of it.
 */
export type IngestResult = Readonly<Record<EventKind, IngestCounts>> & Readonly<Partial<Record<MonitorEventKind, IngestCounts>>>;

export interface IngestEventsOptions {
  /** Names the input in error messages, e.g. the file path. */
  readonly source?: string;
}

/** A batch that adds this many events of a kind refreshes the planner's statistics of its tables (see analyzeTables). */
const ANALYZE_AFTER = 200;
const TABLES_OF: Record<EventKind, readonly EventTable[]> = {
  pullRequests: ['delivery_pull_requests', 'delivery_pr_commits', 'delivery_pr_reviews'],
  deployments: ['delivery_deployments', 'delivery_shipped_commits'],
  incidents: ['delivery_incidents'],
  commits: ['delivery_commits'],
};

const digestOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/**
 * Stores a batch of delivery events (CONTRACT §7) in one transaction, then refreshes what is
 * derived from them (previous deployments, shipped commits, PR stage times, incident links)
 * for the projects it touched. Rows are keyed by workspace and source id: re-ingesting the
 * same data changes nothing, and changed data updates in place. A bad batch is refused whole,
 * with every problem at its JSON path.
 *
 * @example await ingestEvents(session, { deployments: [{ id: 'd1', repo: 'api', result: 'success', finishedAt: '2026-01-10T09:00:00Z' }] })
 */
export async function ingestEvents(session: Session, input: EventBatchInput | unknown, options: IngestEventsOptions = {}): Promise<IngestResult> {
  const batch: EventBatch = parseEventBatch(input, options.source);
  return inWriteTransaction(session, 'ingest delivery events', async (w) => {
    const touched = new Set<string>();
    const result = {
      pullRequests: await writePullRequests(w.db, session.workspaceId, batch, touched),
      deployments: await writeDeployments(w.db, session.workspaceId, batch, touched),
      incidents: await writeKind(w.db, session.workspaceId, 'delivery_incidents', incidentRows(batch), touched),
      commits: await writeCommits(w.db, session.workspaceId, batch, touched),
      ...(await writeMonitorEvents(w.db, session.workspaceId, batch)),
    };
    await analyzeTables(
      w.db,
      EVENT_KINDS.filter((k) => result[k].inserted >= ANALYZE_AFTER).flatMap((k) => TABLES_OF[k]),
    );
    await deriveDelivery(w.db, session.workspaceId, [...touched].sort());
    if (result.pullRequests.inserted >= ANALYZE_AFTER) await analyzeTables(w.db, ['delivery_pr_metrics']);
    await auditIngest(w, options.source ?? null, result, [...touched].sort());
    return result;
  });
}

/**
 * One audit entry per batch that changed something (`events.ingest`): who, from where, how many
 * events of each kind were inserted and updated, and the projects touched. A batch stored exactly
 * as given changes nothing and audits nothing.
 */
async function auditIngest(w: WriteContext, source: string | null, result: IngestResult, projects: readonly string[]): Promise<void> {
  const changed = EVENT_KINDS.filter((k) => result[k].inserted + result[k].updated > 0);
  if (changed.length === 0) return;
  const counts = Object.fromEntries(changed.map((k) => [k, { inserted: result[k].inserted, updated: result[k].updated }]));
  await auditChange(w, { action: 'events.ingest', before: null, after: { source, ...counts, projects } });
}

interface Keyed {
  readonly key: string;
  readonly project: string | null;
  readonly row: EventRow & { digest: string };
}

type DigestTable = Parameters<typeof storedDigests>[2];

/** Splits rows into new, changed and unchanged; writes the first two; notes the projects they touch. */
async function classify(
  db: Db,
  workspaceId: string,
  table: DigestTable,
  rows: readonly Keyed[],
  touched: Set<string>,
): Promise<{ counts: IngestCounts; written: Keyed[]; updatedKeys: string[] }> {
  const stored = await storedDigests(
    db,
    workspaceId,
    table,
    rows.map((r) => r.key),
  );
  const written: Keyed[] = [];
  const updatedKeys: string[] = [];
  let inserted = 0;
  for (const r of rows) {
    const before = stored.get(r.key);
    if (before?.digest === r.row.digest) continue;
    if (!before) inserted++;
    else updatedKeys.push(r.key);
    written.push(r);
    if (r.project) touched.add(r.project);
    if (before?.project) touched.add(before.project);
  }
  await upsertRows(
    db,
    workspaceId,
    table,
    written.map((r) => r.row),
  );
  return { counts: { inserted, updated: written.length - inserted, unchanged: rows.length - written.length }, written, updatedKeys };
}

async function writeKind(db: Db, workspaceId: string, table: DigestTable, rows: readonly Keyed[], touched: Set<string>): Promise<IngestCounts> {
  return (await classify(db, workspaceId, table, rows, touched)).counts;
}

async function writePullRequests(db: Db, workspaceId: string, batch: EventBatch, touched: Set<string>): Promise<IngestCounts> {
  const rows: Keyed[] = batch.pullRequests.map((pr) => {
    const project = pr.project ?? pr.repo;
    return {
      key: pr.id,
      project,
      row: {
        id: pr.id,
        project,
        repo: pr.repo,
        number: pr.number ?? null,
        title: pr.title ?? null,
        author: pr.author ?? null,
        created_at: pr.createdAt,
        merged_at: pr.mergedAt ?? null,
        closed_at: pr.closedAt ?? null,
        merge_commit_sha: pr.mergeCommitSha ?? null,
        additions: pr.additions ?? null,
        deletions: pr.deletions ?? null,
        base_branch: pr.baseBranch ?? null,
        requested_reviewers: pr.requestedReviewers ?? null,
        digest: digestOf(pr),
      },
    };
  });
  const { counts, written, updatedKeys } = await classify(db, workspaceId, 'delivery_pull_requests', rows, touched);
  const ids = written.map((r) => r.key);
  // A changed PR's commits and reviews are replaced; a new one has none to remove.
  await deleteRowsWhere(db, workspaceId, 'delivery_pr_commits', 'pr_id', updatedKeys);
  await deleteRowsWhere(db, workspaceId, 'delivery_pr_reviews', 'pr_id', updatedKeys);
  const changed = new Set(ids);
  const prs = batch.pullRequests.filter((pr) => changed.has(pr.id));
  await upsertRows(
    db,
    workspaceId,
    'delivery_pr_commits',
    prs.flatMap((pr) => pr.commits.map((c, position) => ({ pr_id: pr.id, sha: c.sha, position, authored_at: c.authoredAt ?? null }))),
  );
  await upsertRows(
    db,
    workspaceId,
    'delivery_pr_reviews',
    prs.flatMap((pr) => pr.reviews.map((r, position) => ({ pr_id: pr.id, id: r.id, position, author: r.author ?? null, state: r.state, submitted_at: r.submittedAt }))),
  );
  return counts;
}

async function writeDeployments(db: Db, workspaceId: string, batch: EventBatch, touched: Set<string>): Promise<IngestCounts> {
  const { counts, written, updatedKeys } = await classify(db, workspaceId, 'delivery_deployments', deploymentRows(batch), touched);
  const ids = written.map((r) => r.key);
  await deleteRowsWhere(db, workspaceId, 'delivery_shipped_commits', 'part_id', updatedKeys);
  const changed = new Set(ids);
  await upsertRows(
    db,
    workspaceId,
    'delivery_shipped_commits',
    batch.deployments.filter((d) => changed.has(d.id)).flatMap((d) => [...new Set(d.shippedCommits ?? [])].map((sha) => ({ part_id: d.id, sha }))),
  );
  return counts;
}

function deploymentRows(batch: EventBatch): Keyed[] {
  return batch.deployments.map((d) => {
    const project = d.project ?? d.repo;
    return {
      key: d.id,
      project,
      row: {
        id: d.id,
        deployment_id: d.deploymentId ?? d.id,
        project,
        scope: d.scope ?? project,
        repo: d.repo,
        service: d.service ?? null,
        environment: d.environment ?? null,
        result: d.result,
        started_at: d.startedAt ?? null,
        finished_at: d.finishedAt ?? null,
        commit_sha: d.commitSha ?? null,
        shipped_given: d.shippedCommits != null,
        digest: digestOf(d),
      },
    };
  });
}

function incidentRows(batch: EventBatch): Keyed[] {
  return batch.incidents.map((i) => ({
    key: i.id,
    project: i.project ?? null,
    row: {
      id: i.id,
      project: i.project ?? null,
      title: i.title ?? null,
      severity: i.severity ?? null,
      service: i.service ?? null,
      created_at: i.createdAt,
      resolved_at: i.resolvedAt ?? null,
      given_deployment_id: i.deploymentId ?? null,
      digest: digestOf(i),
    },
  }));
}

async function writeCommits(db: Db, workspaceId: string, batch: EventBatch, touched: Set<string>): Promise<IngestCounts> {
  const rows: Keyed[] = batch.commits.map((c) => ({
    key: `${c.repo}@${c.sha}`,
    project: null,
    row: {
      repo: c.repo,
      sha: c.sha,
      parents: c.parents,
      authored_at: c.authoredAt ?? null,
      committed_at: c.committedAt ?? null,
      author: c.author ?? null,
      message: c.message ?? null,
      digest: digestOf(c),
    },
  }));
  const { counts, written } = await classify(db, workspaceId, 'delivery_commits', rows, touched);
  const repos = [...new Set(written.map((r) => r.row.repo as string))];
  if (repos.length > 0) for (const p of await projectsDeployingRepos(db, workspaceId, repos)) touched.add(p);
  return counts;
}

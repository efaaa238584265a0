import { type IngestResult, ingestEvents } from '../../app/ingest-events.ts';
import type { Session } from '../../app/session.ts';
import { invalidInput } from '../../core/errors.ts';
import type { EventBatchInput } from '../../core/metrics/event-batch.ts';
import { addIngestResults } from '../ingest-totals.ts';
import { compareShippedCommits } from './compare-shipped-commits.ts';
import { GitHubClient, type RateLimit } from './github-client.ts';
import { deploymentToEvent, type GitHubScope, pullToEvent } from './github-to-events.ts';
import type { GitHubDeployment, GitHubDeploymentStatus, GitHubPull, GitHubPullCommit, GitHubReview } from './github-types.ts';

export interface IngestGitHubOptions {
  /** `owner/name`. */
  readonly repo: string;
  readonly token?: string;
  /** Default `https://api.github.com`. */
  readonly apiUrl?: string;
  /** Only PRs updated and deployments created at or after this time (ISO-8601). */
  readonly since?: string;
  readonly project?: string;
  /** Environment names that count as production (a regular expression; default `prod`, case-insensitive). */
  readonly production?: string;
  readonly onProgress?: (progress: { phase: 'pull requests' | 'deployments'; done: number; total: number }) => void;
  readonly onWait?: (seconds: number, rateLimit: RateLimit | undefined) => void;
  /** Ask GitHub what each production deployment shipped since the previous one (default on; one request per deployment). */
  readonly compare?: boolean;
  /** For tests: how to wait out a rate limit. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Longest rate-limit wait before giving up with `rate_limited` (default 15 minutes). */
  readonly maxWaitSeconds?: number;
}

export interface IngestGitHubReport {
  readonly repo: string;
  readonly pullRequests: number;
  readonly reviews: number;
  readonly prCommits: number;
  readonly deployments: number;
  /** Deployments with no terminal status yet, left out until they finish. */
  readonly pendingDeployments: number;
  /** Deployments whose statuses GitHub had deleted except 'inactive': stored as successful at their creation time. */
  readonly inferredDeployments: number;
  /** Comparisons GitHub couldn't answer; those parts' shipped commits come from the commit graph, if any. */
  readonly failedComparisons: number;
  readonly stored: IngestResult;
  readonly requests: number;
  readonly rateLimit: RateLimit | null;
  readonly waitedSeconds: number;
}

type DeploymentInput = NonNullable<EventBatchInput['deployments']>[number];

const PER_PAGE = 100;

/** Estimates a list's length from its first page's size and the `rel="last"` page number; exact on the last page. */
function listTotal() {
  let pageSize = 0;
  let before = 0;
  return (page: { items: readonly unknown[]; lastPage: number | undefined }) => {
    pageSize ||= page.items.length;
    const total = page.lastPage ? page.lastPage * pageSize : before + page.items.length;
    before += page.items.length;
    return total;
  };
}

function checkOptions(options: IngestGitHubOptions): { owner: string; name: string; since: string | undefined; production: RegExp } {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(options.repo);
  if (!m?.[1] || !m[2]) throw invalidInput(`--repo '${options.repo}' is not owner/name (e.g. octo-org/api)`, { repo: options.repo });
  const since = options.since ? new Date(options.since) : undefined;
  if (since && Number.isNaN(since.getTime()))
    throw invalidInput(`--since '${options.since}' is not a date; write e.g. 2026-01-31 or 2026-01-31T09:00:00Z`, { since: options.since });
  let production: RegExp;
  try {
    production = new RegExp(options.production ?? 'prod', 'i');
  } catch (error) {
    throw invalidInput(`--production '${options.production}' is not a regular expression: ${(error as Error).message}`, {});
  }
  return { owner: m[1], name: m[2], since: since?.toISOString(), production };
}

type Counts = { pendingDeployments: number; inferredDeployments: number };

/** Every finished deployment part (newest first, as GitHub lists them), counting the pending and inferred ones. */
async function pullDeployments(client: GitHubClient, base: string, scope: GitHubScope, since: string | undefined, counts: Counts, onProgress: IngestGitHubOptions['onProgress']) {
  const finished: DeploymentInput[] = [];
  let done = 0;
  const total = listTotal();
  for await (const page of client.pages<GitHubDeployment>(`${base}/deployments?per_page=${PER_PAGE}`)) {
    const expected = total(page);
    const fresh = page.items.filter((d) => !since || d.created_at >= since);
    for (const deployment of fresh) {
      const statuses = await client.all<GitHubDeploymentStatus>(`${base}/deployments/${deployment.id}/statuses?per_page=${PER_PAGE}`);
      const outcome = deploymentToEvent(scope, deployment, statuses);
      if (outcome.kind === 'pending') counts.pendingDeployments++;
      else {
        if (outcome.kind === 'inferred') counts.inferredDeployments++;
        finished.push(outcome.deployment);
      }
      onProgress?.({ phase: 'deployments', done: ++done, total: Math.max(done, expected) });
    }
    if (fresh.length < page.items.length) break; // newest first
  }
  return finished;
}

/**
 * `eos ingest github`: pulls a repository's pull requests (with reviews and commits) and its
 * deployments (with statuses and, from GitHub's comparisons, what each shipped) through the REST
 * API. PRs are stored page by page through `ingestEvents`, so an interrupted pull keeps what it
 * stored; a re-run changes nothing.
 */
export async function ingestGitHub(session: Session, options: IngestGitHubOptions): Promise<IngestGitHubReport> {
  const { owner, name, since, production } = checkOptions(options);
  const client = new GitHubClient({
    apiUrl: options.apiUrl ?? 'https://api.github.com',
    token: options.token,
    onWait: options.onWait,
    sleep: options.sleep,
    maxWaitSeconds: options.maxWaitSeconds,
  });
  const base = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  const scope: GitHubScope = { repo: `${owner}/${name}`, project: options.project, production };
  await client.get(base); // a 401 or 404 says so before anything else happens
  const stored: IngestResult[] = [];
  const counts = { pullRequests: 0, reviews: 0, prCommits: 0, deployments: 0, pendingDeployments: 0, inferredDeployments: 0, failedComparisons: 0 };

  let done = 0;
  const total = listTotal();
  for await (const page of client.pages<GitHubPull>(`${base}/pulls?state=all&sort=updated&direction=desc&per_page=${PER_PAGE}`)) {
    const expected = total(page);
    const fresh = page.items.filter((p) => !since || (p.updated_at ?? p.created_at) >= since);
    const pullRequests = [];
    for (const listed of fresh) {
      const path = `${base}/pulls/${listed.number}`;
      const pull = (await client.get<GitHubPull>(path)).body;
      const reviews = await client.all<GitHubReview>(`${path}/reviews?per_page=${PER_PAGE}`);
      const commits = await client.all<GitHubPullCommit>(`${path}/commits?per_page=${PER_PAGE}`);
      const event = pullToEvent(scope, pull, { reviews, commits });
      counts.reviews += event.reviews?.length ?? 0;
      counts.prCommits += event.commits?.length ?? 0;
      pullRequests.push(event);
      options.onProgress?.({ phase: 'pull requests', done: ++done, total: Math.max(done, expected) });
    }
    counts.pullRequests += pullRequests.length;
    if (pullRequests.length > 0) stored.push(await ingestEvents(session, { pullRequests }, { source: `GitHub pull requests of ${scope.repo}` }));
    if (fresh.length < page.items.length) break; // sorted by update, newest first: the rest is older still
  }

  const finished = await pullDeployments(client, base, scope, since, counts, options.onProgress);
  const compared = options.compare === false ? { deployments: finished, failedComparisons: 0 } : await compareShippedCommits(client, base, finished);
  counts.deployments = compared.deployments.length;
  counts.failedComparisons = compared.failedComparisons;
  for (let i = 0; i < compared.deployments.length; i += 500) {
    stored.push(await ingestEvents(session, { deployments: compared.deployments.slice(i, i + 500) }, { source: `GitHub deployments of ${scope.repo}` }));
  }

  const usage = client.usage;
  return { repo: scope.repo, ...counts, stored: addIngestResults(stored), requests: usage.requests, rateLimit: usage.rateLimit ?? null, waitedSeconds: usage.waitedSeconds };
}

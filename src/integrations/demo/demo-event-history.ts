import type { EventBatchInput } from '../../core/metrics/event-batch.ts';
import { type SeededRandom, seededRandom } from './seeded-random.ts';

type Batch = Required<Pick<EventBatchInput, 'pullRequests' | 'deployments' | 'incidents'>>;
type PullRequestInput = Batch['pullRequests'][number];

/** The demo's repositories, each the project of one of the engineering-os pack's starter services. */
export const DEMO_PROJECTS = [
  { project: 'Rails monolith (core app)', repo: 'acme/core-app', team: 'Feature Team A', prsPerDay: 3 },
  { project: 'Go microservice 1', repo: 'acme/ingest-svc', team: 'Feature Team B', prsPerDay: 2 },
  { project: 'Go microservice 2', repo: 'acme/connectors-svc', team: 'Feature Team C', prsPerDay: 2 },
] as const;

const PEOPLE = ['amara', 'bjorn', 'chen', 'dana', 'eli', 'fatima', 'goran', 'hana', 'ivan', 'jo'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (t: number) => new Date(t).toISOString();
const isWeekend = (t: number) => [0, 6].includes(new Date(t).getUTCDay());

export interface DemoHistoryOptions {
  /** The history ends on this day (UTC); it covers the days before it. */
  readonly until: Date;
  readonly days?: number;
  readonly seed?: number;
}

/** One repository of a generated history: its project, and how many PRs a working day it merges on average. */
export interface HistoryProject {
  readonly project: string;
  readonly repo: string;
  readonly prsPerDay: number;
}

/**
 * A deterministic delivery history for the demo workspace: for each of three repositories,
 * pull requests with commits and reviews on working days, a production deployment on most
 * working days shipping what was merged since the last one, the odd failed pipeline, and
 * incidents caused by about one deployment in ten (linked to it and to the pack's service),
 * so `eos metrics` shows every key with a level.
 *
 * @example demoEventHistory({ until: new Date('2026-03-01') }).deployments.length // about 180
 */
export function demoEventHistory(options: DemoHistoryOptions): Batch {
  const rnd = seededRandom(options.seed ?? 20260301);
  const end = Math.floor(options.until.getTime() / DAY) * DAY;
  const start = end - (options.days ?? 90) * DAY;
  const batch: Batch = { pullRequests: [], deployments: [], incidents: [] };
  for (const p of DEMO_PROJECTS) {
    const part = projectHistory(rnd, p, start, end);
    batch.pullRequests.push(...part.pullRequests);
    batch.deployments.push(...part.deployments);
    batch.incidents.push(...part.incidents);
  }
  return batch;
}

/**
 * One repository's generated history between two UTC midnights (epoch ms), drawing from `rnd`;
 * the benchmark generates its 50 repositories with it, one at a time.
 */
export function projectHistory(rnd: SeededRandom, p: HistoryProject, start: number, end: number): Batch {
  const batch: Batch = { pullRequests: [], deployments: [], incidents: [] };
  let number = 100;
  let waiting: PullRequestInput[] = [];
  for (let day = start; day < end; day += DAY) {
    if (isWeekend(day)) continue;
    // floor(x - 0.5 + U + U) averages exactly x PRs a day, spread over about x ± 1.
    const prs = Math.max(0, Math.floor(p.prsPerDay - 0.5 + rnd.next() + rnd.next()));
    for (let i = 0; i < prs; i++) {
      const created = day + 9 * HOUR + rnd.int(0, 7 * 60) * MINUTE;
      const author = rnd.pick(PEOPLE);
      const reviewer = rnd.pick(PEOPLE.filter((x) => x !== author));
      const firstCommit = created - rnd.int(30, 36 * 60) * MINUTE;
      const firstReview = created + rnd.int(10, rnd.chance(0.08) ? 20 * 60 : 2 * 60) * MINUTE;
      const approved = firstReview + rnd.int(5, rnd.chance(0.06) ? 96 * 60 : 4 * 60) * MINUTE;
      const merged = approved + rnd.int(5, 120) * MINUTE;
      if (merged >= end) continue;
      // An id GitHub could not resolve (`core-app#12`, not `acme/core-app#12`): the demo's PRs link to
      // their page in the app, never to somebody's real repository on github.com.
      const prId = `${p.repo.split('/')[1]}#${number}`;
      const reviews = [
        ...(rnd.chance(0.3) ? [{ id: `${prId}/r1`, author: reviewer, state: 'CHANGES_REQUESTED', submittedAt: at(firstReview) }] : []),
        { id: `${prId}/r2`, author: reviewer, state: rnd.chance(0.3) ? 'COMMENTED' : 'APPROVED', submittedAt: at(approved) },
      ];
      const commits = Array.from({ length: rnd.int(1, 5) }, (_, c) => ({ sha: rnd.sha(), authoredAt: at(firstCommit + c * rnd.int(5, 90) * MINUTE) }));
      const pr = {
        id: prId,
        project: p.project,
        repo: p.repo,
        number,
        title: `${rnd.pick(['Add', 'Fix', 'Refactor', 'Speed up', 'Document'])} ${rnd.pick(['billing export', 'login flow', 'ingest retries', 'dashboard filters', 'connector auth', 'rate limits'])}`,
        author,
        createdAt: at(created),
        mergedAt: at(merged),
        closedAt: at(merged),
        mergeCommitSha: rnd.sha(),
        additions: rnd.int(3, 600),
        deletions: rnd.int(0, 200),
        baseBranch: 'main',
        commits,
        reviews,
      };
      number++;
      batch.pullRequests.push(pr);
      waiting.push(pr);
    }
    if (!rnd.chance(0.8)) continue; // some working days ship nothing
    const finished = day + 15 * HOUR + rnd.int(0, 90) * MINUTE;
    const id = `${p.repo}/deploy/${at(day).slice(0, 10)}`;
    if (rnd.chance(0.05)) {
      batch.deployments.push({
        id: `${id}-failed`,
        project: p.project,
        repo: p.repo,
        service: p.project,
        environment: 'production',
        result: 'failure',
        startedAt: at(finished - 20 * MINUTE),
        finishedAt: at(finished),
        shippedCommits: [],
      });
    }
    const shipped = waiting.filter((pr) => Date.parse(pr.mergedAt as string) < finished);
    waiting = waiting.filter((pr) => !shipped.includes(pr));
    batch.deployments.push({
      id,
      project: p.project,
      repo: p.repo,
      service: p.project,
      environment: 'production',
      result: 'success',
      startedAt: at(finished - rnd.int(8, 25) * MINUTE),
      finishedAt: at(finished),
      commitSha: shipped.at(-1)?.mergeCommitSha ?? rnd.sha(),
      shippedCommits: shipped.map((pr) => pr.mergeCommitSha as string),
    });
    if (rnd.chance(0.09)) {
      const created = finished + rnd.int(10, 240) * MINUTE;
      batch.incidents.push({
        id: `INC-${p.repo.split('/')[1]}-${batch.incidents.length + 1}`,
        project: p.project,
        title: `${rnd.pick(['Error rate up', 'Checkout timeouts', 'Queue backlog', 'Login failures'])} after the ${at(day).slice(0, 10)} deploy`,
        severity: rnd.pick(['P1', 'P2', 'P2', 'P3']),
        service: p.project,
        createdAt: at(created),
        resolvedAt: at(created + rnd.int(20, 600) * MINUTE),
        deploymentId: id,
      });
    }
  }
  return batch;
}

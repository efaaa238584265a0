import { z } from 'zod';
import { invalidInput } from '../errors.ts';
import { MONITOR_EVENT_KINDS, monitorEventId, monitorEventLists } from '../monitors/monitor-events.ts';
import { expecting, optionalText, optionalTimestamp, text, timestamp } from './event-fields.ts';

/**
 * The input of `eos ingest events` (CONTRACT §7): delivery events as plain JSON. Every list is
 * optional; times are ISO-8601 with a zone (`Z` or `+02:00`) and are normalised to UTC.
 * Optional keys may also be `null`. The git, GitHub and webhook adapters build this type and
 * hand it to `ingestEvents`, so every source goes through the same validation.
 */

/**
 * An optional string where blank means absent: DevLake writes an empty `environment` for a CI
 * run it couldn't classify (its queries treat '' and NULL alike), and such a part is simply
 * not production.
 */
const blankAsAbsent = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), optionalText);
const count = z.number(expecting('a number')).int('must be a whole number').nonnegative('must be 0 or more');
const sha = z
  .string(expecting('a commit sha (a string)'))
  .trim()
  .min(1, 'must be a commit sha')
  .max(200, 'is too long to be a commit sha')
  .transform((value) => value.toLowerCase());

/** Lower-cases a string before an enum check, so `SUCCESS` and `success` both pass. */
const lowerEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(values, expecting(`one of: ${values.join(', ')}`)));

export const REVIEW_STATES = ['approved', 'changes_requested', 'commented', 'dismissed'] as const;
export const DEPLOYMENT_RESULTS = ['success', 'failure'] as const;

export const prCommitSchema = z.strictObject({
  sha,
  authoredAt: optionalTimestamp,
});

export const prReviewSchema = z.strictObject({
  id: text,
  /** Null when the source has no account: then, as in DevLake, it still ends pickup. */
  author: optionalText,
  state: lowerEnum(REVIEW_STATES).default('commented'),
  submittedAt: timestamp,
});

export const pullRequestSchema = z.strictObject({
  id: text,
  /** Groups repos the way a DevLake project does; defaults to the repo. */
  project: optionalText,
  repo: text,
  number: count.nullish(),
  title: optionalText,
  /** Null when unknown: then every review counts as someone else's (DevLake). */
  author: optionalText,
  createdAt: timestamp,
  mergedAt: optionalTimestamp,
  closedAt: optionalTimestamp,
  mergeCommitSha: sha.nullish(),
  additions: count.nullish(),
  deletions: count.nullish(),
  baseBranch: optionalText,
  /** Who was asked to review (logins or emails): whom a review-SLA alert reaches. Left out when unknown. */
  requestedReviewers: z.array(text, expecting('a list')).optional(),
  commits: z.array(prCommitSchema, expecting('a list')).default([]),
  reviews: z.array(prReviewSchema, expecting('a list')).default([]),
});

export const deploymentSchema = z.strictObject({
  /** One repository's part of a deployment (DevLake's deployment commit). */
  id: text,
  /** Parts sharing it are one deployment; defaults to `id`. */
  deploymentId: optionalText,
  project: optionalText,
  /** The CI scope (pipeline, workflow) that ran it; previous-success series are per (scope, repo, environment). Defaults to the project. */
  scope: optionalText,
  repo: text,
  service: optionalText,
  /** production, staging, testing… Only production parts count for DORA; blank or absent means none. */
  environment: blankAsAbsent,
  result: lowerEnum(DEPLOYMENT_RESULTS),
  startedAt: optionalTimestamp,
  finishedAt: optionalTimestamp,
  commitSha: sha.nullish(),
  /** The merge commits this part shipped since the previous successful one; derived from `commits` when absent. */
  shippedCommits: z.array(sha, expecting('a list')).nullish(),
});

export const incidentSchema = z.strictObject({
  id: text,
  project: optionalText,
  title: optionalText,
  severity: optionalText,
  service: optionalText,
  createdAt: timestamp,
  resolvedAt: optionalTimestamp,
  /** Links the incident to this deployment; without it, eos links it by time (CONTRACT §7). */
  deploymentId: optionalText,
});

export const commitSchema = z.strictObject({
  sha,
  repo: text,
  parents: z.array(sha, expecting('a list')).default([]),
  authoredAt: optionalTimestamp,
  committedAt: optionalTimestamp,
  author: optionalText,
  message: z.string().nullish(),
});

export const eventBatchSchema = z
  .strictObject({
    pullRequests: z.array(pullRequestSchema, expecting('a list')).default([]),
    deployments: z.array(deploymentSchema, expecting('a list')).default([]),
    incidents: z.array(incidentSchema, expecting('a list')).default([]),
    commits: z.array(commitSchema, expecting('a list')).default([]),
    ...monitorEventLists,
  })
  .superRefine((batch, ctx) => {
    const unique = (list: string, keys: readonly string[], what: string) => {
      const first = new Map<string, number>();
      keys.forEach((key, index) => {
        const seen = first.get(key);
        if (seen === undefined) first.set(key, index);
        else ctx.addIssue({ code: 'custom', path: [list, index], message: `${what} '${key}' appears twice (first at ${list}[${seen}]); list each once` });
      });
    };
    unique(
      'pullRequests',
      batch.pullRequests.map((p) => p.id),
      'pull request id',
    );
    unique(
      'deployments',
      batch.deployments.map((d) => d.id),
      'deployment id',
    );
    unique(
      'incidents',
      batch.incidents.map((i) => i.id),
      'incident id',
    );
    unique(
      'commits',
      batch.commits.map((c) => `${c.repo}@${c.sha}`),
      'commit',
    );
    for (const kind of MONITOR_EVENT_KINDS) {
      const entries: readonly { id?: string; incidentId?: string }[] = batch[kind];
      unique(
        kind,
        entries.map((e) => monitorEventId(kind, e)),
        kind === 'incidentAcks' ? 'acknowledgement of incident' : 'id',
      );
    }
    batch.pullRequests.forEach((pr, p) => {
      const reviewIds = new Map<string, number>();
      pr.reviews.forEach((r, i) => {
        const seen = reviewIds.get(r.id);
        if (seen !== undefined) ctx.addIssue({ code: 'custom', path: ['pullRequests', p, 'reviews', i, 'id'], message: `review id '${r.id}' appears twice in this pull request` });
        else reviewIds.set(r.id, i);
      });
    });
  });

/** What a source hands to `ingestEvents`: optional keys may be left out. */
export type EventBatchInput = z.input<typeof eventBatchSchema>;
/** A validated batch: defaults filled in, times normalised to UTC ISO strings, shas lower-case. */
export type EventBatch = z.output<typeof eventBatchSchema>;
export type PullRequestEvent = EventBatch['pullRequests'][number];
export type PrCommitEvent = PullRequestEvent['commits'][number];
export type PrReviewEvent = PullRequestEvent['reviews'][number];
export type DeploymentEvent = EventBatch['deployments'][number];
export type IncidentEvent = EventBatch['incidents'][number];
export type CommitEvent = EventBatch['commits'][number];

/** One thing wrong in a batch, at its JSON path (`pullRequests[0].reviews[1].submittedAt`). */
export interface EventProblem {
  readonly path: string;
  readonly message: string;
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

/**
 * Validates a batch and reports every problem at once, each at its JSON path.
 *
 * @example parseEventBatch({ deployments: [{ id: 'd1', repo: 'api', result: 'SUCCESS', finishedAt: '2026-01-10T09:00:00Z' }] })
 */
export function parseEventBatch(input: unknown, source = 'the event batch'): EventBatch {
  const parsed = eventBatchSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems: EventProblem[] = parsed.error.issues.map((issue) => ({
    path: jsonPath(issue.path) || '(top level)',
    message: issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message,
  }));
  const lines = problems.map((p) => `  ${p.path}: ${p.message}`);
  return failWith(`${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was ingested:\n${lines.join('\n')}`, problems);
}

function failWith(message: string, problems: readonly EventProblem[]): never {
  throw invalidInput(message, { problems });
}

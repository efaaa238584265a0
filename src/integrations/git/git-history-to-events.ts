import type { EventBatchInput } from '../../core/metrics/event-batch.ts';
import { commitsBetween, generations } from './commit-range.ts';
import type { GitCommit, GitHistory } from './read-git-history.ts';

export interface GitHistoryToEventsOptions {
  /** The repository's name in eos (`--repo`). */
  readonly repo: string;
  /** Its DevLake-style project (`--project`); defaults to the repo. */
  readonly project?: string;
  /** Turn merge commits into changes (pull-request entries); off when GitHub supplies the real PRs. */
  readonly merges?: boolean;
}

interface HistoryIndex {
  readonly graph: ReadonlyMap<string, GitCommit>;
  readonly gen: ReadonlyMap<string, number>;
  /** Position in git's output (newest first), so every list comes out in a stable order. */
  readonly position: ReadonlyMap<string, number>;
}

function between(index: HistoryIndex, include: readonly string[], exclude: readonly string[]): GitCommit[] {
  return [...commitsBetween(index.graph, index.gen, { include, exclude })]
    .sort((a, b) => (index.position.get(a) ?? 0) - (index.position.get(b) ?? 0))
    .map((sha) => index.graph.get(sha) as GitCommit);
}

/**
 * A merge commit is one change: its branch is what the second and later parents bring that the
 * first parent doesn't have; the change was opened when the branch's first commit was authored
 * (a merge that brings no commit: when the merge was authored) and merged when it was committed.
 */
function mergeAsChange(index: HistoryIndex, merge: GitCommit, options: GitHistoryToEventsOptions) {
  const [mainline = '', ...branches] = merge.parents;
  const branch = between(index, branches, [mainline]);
  // The branch's first commit, not the merge's own author time: a merge amended or re-created
  // after a rebase carries an earlier author date than the work it merges.
  const createdAt = branch.map((c) => c.authoredAt).sort()[0] ?? merge.authoredAt;
  return {
    id: `${options.repo}@${merge.sha}`,
    project: options.project ?? options.repo,
    repo: options.repo,
    title: merge.subject,
    author: merge.author,
    createdAt,
    mergedAt: merge.committedAt,
    closedAt: merge.committedAt,
    mergeCommitSha: merge.sha,
    commits: branch.map((c) => ({ sha: c.sha, authoredAt: c.authoredAt })),
  };
}

/**
 * Turns a repository's history into an event batch: every commit with its parents, each merge
 * commit as a change, and each matching tag as a successful production deployment that
 * finished at the tag's date and shipped what the previous tag didn't contain. As in DevLake,
 * the first deployment of the series ships nothing.
 *
 * @example gitHistoryToEvents(history, { repo: 'api' }).deployments?.[0]?.shippedCommits // []
 */
export function gitHistoryToEvents(history: GitHistory, options: GitHistoryToEventsOptions): EventBatchInput {
  const graph = new Map(history.commits.map((c) => [c.sha, c]));
  const index: HistoryIndex = { graph, gen: generations(graph), position: new Map(history.commits.map((c, i) => [c.sha, i])) };
  const project = options.project ?? options.repo;
  const tags = [...history.tags].sort((a, b) => (a.at === b.at ? a.name.localeCompare(b.name) : a.at < b.at ? -1 : 1));
  const deployments = tags.map((tag, i) => {
    const previous = tags[i - 1];
    return {
      id: `${options.repo}@${tag.name}`,
      project,
      repo: options.repo,
      environment: 'production',
      result: 'success',
      startedAt: tag.at,
      finishedAt: tag.at,
      commitSha: tag.commit,
      shippedCommits: previous ? between(index, [tag.commit], [previous.commit]).map((c) => c.sha) : [],
    };
  });
  const merges = options.merges === false ? [] : history.commits.filter((c) => c.parents.length > 1);
  return {
    commits: history.commits.map((c) => ({
      sha: c.sha,
      repo: options.repo,
      parents: [...c.parents],
      authoredAt: c.authoredAt,
      committedAt: c.committedAt,
      author: c.author,
      message: c.subject,
    })),
    pullRequests: merges.map((m) => mergeAsChange(index, m, options)),
    deployments,
  };
}

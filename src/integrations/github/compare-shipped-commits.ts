import type { EventBatchInput } from '../../core/metrics/event-batch.ts';
import type { GitHubClient } from './github-client.ts';

type DeploymentInput = NonNullable<EventBatchInput['deployments']>[number];

export interface ShippedReport {
  readonly deployments: DeploymentInput[];
  /** Comparisons GitHub could not answer (a sha gone after a force-push, say): their parts keep no shipped list. */
  readonly failedComparisons: number;
}

/** All commit shas of `GET /compare/base...head`, following its `Link` pages. */
async function compareShas(client: GitHubClient, repoPath: string, base: string, head: string): Promise<string[] | undefined> {
  const shas: string[] = [];
  let next: string | undefined = `${repoPath}/compare/${base}...${head}?per_page=100`;
  try {
    while (next) {
      const page: { body: { commits?: { sha: string }[] }; link: Record<string, string> } = await client.get(next);
      shas.push(...(page.body.commits ?? []).map((c) => c.sha));
      next = page.link.next;
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'not_found') return undefined;
    throw error;
  }
  return shas;
}

/**
 * What each successful production part shipped: GitHub's comparison of the previous successful
 * part's commit (same environment, by finish time) with its own, as DevLake diffs deployment
 * commits. The earliest part of each series keeps no list, so eos falls back to the commit graph
 * (or, as in DevLake, ships nothing for the first deployment).
 */
export async function compareShippedCommits(client: GitHubClient, repoPath: string, deployments: readonly DeploymentInput[]): Promise<ShippedReport> {
  const series = new Map<string, DeploymentInput[]>();
  for (const d of deployments) {
    if (d.result !== 'success' || d.environment !== 'production' || !d.commitSha || !d.finishedAt) continue;
    series.set(d.environment, [...(series.get(d.environment) ?? []), d]);
  }
  const shipped = new Map<string, string[]>();
  let failedComparisons = 0;
  for (const parts of series.values()) {
    parts.sort((a, b) => String(a.finishedAt).localeCompare(String(b.finishedAt)));
    for (let i = 1; i < parts.length; i++) {
      const [prev, cur] = [parts[i - 1] as DeploymentInput, parts[i] as DeploymentInput];
      const shas = prev.commitSha === cur.commitSha ? [] : await compareShas(client, repoPath, prev.commitSha as string, cur.commitSha as string);
      if (shas) shipped.set(cur.id, shas);
      else failedComparisons++;
    }
  }
  return { deployments: deployments.map((d) => (shipped.has(d.id) ? { ...d, shippedCommits: shipped.get(d.id) } : d)), failedComparisons };
}

/**
 * The commits a deployment shipped: reachable from its commit but not from the previous
 * successful deployment's commit (what DevLake's refdiff plugin writes to `commits_diffs`).
 * Commits missing from the graph end the walk there.
 *
 * @example shippedBetween(graph, 'c3', 'c1') // ['c3', 'c2']
 */
export function shippedBetween(graph: ReadonlyMap<string, readonly string[]>, newSha: string, oldSha: string): string[] {
  const old = reachable(graph, [oldSha], new Set());
  return [...reachable(graph, [newSha], old)];
}

function reachable(graph: ReadonlyMap<string, readonly string[]>, starts: readonly string[], stop: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  const stack = starts.filter((s) => !stop.has(s));
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (seen.has(sha)) continue;
    seen.add(sha);
    for (const parent of graph.get(sha) ?? []) if (!seen.has(parent) && !stop.has(parent)) stack.push(parent);
  }
  return seen;
}

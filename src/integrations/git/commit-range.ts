/** The slice of a commit graph the range walk needs: each commit's parents. */
export type ParentGraph = ReadonlyMap<string, { readonly parents: readonly string[] }>;

/** Generation numbers: a root is 1, every other commit is one more than its highest parent. */
export function generations(graph: ParentGraph): Map<string, number> {
  const gen = new Map<string, number>();
  for (const start of graph.keys()) {
    if (gen.has(start)) continue;
    const stack: string[] = [start];
    while (stack.length > 0) {
      const sha = stack[stack.length - 1] as string;
      const parents = (graph.get(sha)?.parents ?? []).filter((p) => graph.has(p));
      const pending = parents.filter((p) => !gen.has(p));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      gen.set(sha, 1 + Math.max(0, ...parents.map((p) => gen.get(p) ?? 0)));
    }
  }
  return gen;
}

/** A max-heap of commits by generation, so children are always visited before parents. */
class ByGeneration {
  private readonly heap: string[] = [];
  constructor(private readonly gen: ReadonlyMap<string, number>) {}
  get size(): number {
    return this.heap.length;
  }
  private g(i: number): number {
    return this.gen.get(this.heap[i] as string) ?? 0;
  }
  push(sha: string): void {
    const h = this.heap;
    h.push(sha);
    for (let i = h.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (this.g(up) >= this.g(i)) break;
      [h[up], h[i]] = [h[i] as string, h[up] as string];
      i = up;
    }
  }
  pop(): string {
    const h = this.heap;
    const top = h[0] as string;
    const last = h.pop() as string;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let big = i;
        if (l < h.length && this.g(l) > this.g(big)) big = l;
        if (r < h.length && this.g(r) > this.g(big)) big = r;
        if (big === i) break;
        [h[big], h[i]] = [h[i] as string, h[big] as string];
        i = big;
      }
    }
    return top;
  }
}

/**
 * The commits reachable from `include` but not from `exclude`, like `git rev-list include
 * ^exclude`. Walking in generation order lets it stop as soon as every commit still queued is
 * reachable from `exclude`, so a short branch off a long history costs only its own length.
 *
 * @example commitsBetween(graph, gens, { include: ['v2 sha'], exclude: ['v1 sha'] })
 */
export function commitsBetween(graph: ParentGraph, gen: ReadonlyMap<string, number>, range: { include: readonly string[]; exclude: readonly string[] }): Set<string> {
  const excluded = new Set<string>();
  const seen = new Set<string>();
  const queue = new ByGeneration(gen);
  let live = 0; // queued commits not (yet) known to be excluded
  const enqueue = (sha: string, isExcluded: boolean) => {
    if (!graph.has(sha)) return;
    if (isExcluded && !excluded.has(sha)) {
      excluded.add(sha);
      if (seen.has(sha)) live--;
    }
    if (seen.has(sha)) return;
    seen.add(sha);
    if (!isExcluded) live++;
    queue.push(sha);
  };
  for (const sha of range.exclude) enqueue(sha, true);
  for (const sha of range.include) enqueue(sha, false);
  const result = new Set<string>();
  while (queue.size > 0 && live > 0) {
    const sha = queue.pop();
    const isExcluded = excluded.has(sha);
    if (!isExcluded) {
      live--;
      result.add(sha);
    }
    for (const parent of graph.get(sha)?.parents ?? []) enqueue(parent, isExcluded);
  }
  return result;
}

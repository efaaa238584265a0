import type { QueryStats } from './engines.ts';

/** The q-quantile (0..1) of samples, by nearest rank. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export interface Distribution {
  readonly runs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export function distribution(samples: readonly number[]): Distribution {
  return {
    runs: samples.length,
    p50Ms: percentile(samples, 0.5),
    p95Ms: percentile(samples, 0.95),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
  };
}

/** Wall time of one call, in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** What one operation cost: wall time, SQL statements sent, and time spent waiting on the engine. */
export interface OpCost {
  readonly ms: number;
  readonly queries: number;
  readonly dbMs: number;
}

/** Runs fn and reports its wall time and the statements it sent (from the engine's counters). */
export async function costed<T>(stats: QueryStats, fn: () => Promise<T>): Promise<OpCost & { value: T }> {
  const q0 = stats.queries;
  const d0 = stats.dbMs;
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, queries: stats.queries - q0, dbMs: stats.dbMs - d0, value };
}

/** Progress lines on stderr, so stdout keeps only the results. */
export function progress(line: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

/** A progress callback that reports at most every `everyMs`. */
export function throttled(everyMs: number, report: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done === total || now - last >= everyMs) {
      last = now;
      report(done, total);
    }
  };
}

import type { Environment } from '@marcbachmann/cel-js';

function numbers(values: readonly unknown[]): number[] {
  return values.map((v) => (typeof v === 'bigint' ? Number(v) : v)).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/**
 * `list.sum()`, `.avg()`, `.min()` and `.max()` over numbers, skipping nulls, so a rollup can be
 * written in CEL: `related('BOM Items').map(b, b['Extended Cost']).sum()`. An empty list sums
 * to 0; its average, minimum and maximum are null.
 */
export function registerListAggregates(env: Environment): Environment {
  const aggregates: [string, (xs: number[]) => number | null][] = [
    ['sum', (xs) => xs.reduce((a, b) => a + b, 0)],
    ['avg', (xs) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null)],
    ['min', (xs) => (xs.length > 0 ? Math.min(...xs) : null)],
    ['max', (xs) => (xs.length > 0 ? Math.max(...xs) : null)],
  ];
  for (const [name, fn] of aggregates) {
    env.registerFunction({ name, receiverType: 'list', returnType: 'dyn', params: [], handler: (xs: unknown[]) => fn(numbers(xs)) });
  }
  return env;
}

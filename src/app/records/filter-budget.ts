import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { invalidInput } from '../../core/errors.ts';

/**
 * The budget of a `where` filter that SQL can't take (it calls matches(), count(), related(), a macro…),
 * so eos evaluates it record by record in the server (docs/api.md "Limits"; ADR 055): at most `rows`
 * records are read, and evaluation runs in slices of `sliceMillis` that yield to the event loop (so
 * /healthz and other requests answer meanwhile), `millis` in all. Over either, the filter is refused.
 */
export const FILTER_BUDGET = { rows: 50_000, millis: 5_000, sliceMillis: 8 } as const;

export interface FilterBudget {
  readonly rows: number;
  readonly millis: number;
  readonly sliceMillis: number;
}

/** The refusal of a filter over its budget: 400 invalid_input, reason query_too_costly, and what to do. */
export function filterTooCostly(where: string, what: string, budget: FilterBudget = FILTER_BUDGET): Error {
  return invalidInput(
    `--where: this filter runs in the server, not the database (it uses a function SQL can't take), and ${what}. ` +
      'Narrow it with conditions the database can take alone (==, !=, <, >, in, &&, || over fields), or page with --limit',
    { field: 'where', where, reason: 'query_too_costly', limitRows: budget.rows, limitMillis: budget.millis },
  );
}

/**
 * Keeps the items `keep` accepts, in slices that yield to the event loop, stopping at `limit` kept
 * ones; throws query_too_costly past the time budget.
 *
 * @example await filterInSlices(rows, (r) => r.ok, { where, limit: 20 })
 */
export async function filterInSlices<T>(
  items: readonly T[],
  keep: (item: T) => boolean,
  options: { readonly where: string; readonly limit?: number | undefined; readonly offset?: number; readonly budget?: FilterBudget },
): Promise<T[]> {
  const budget = options.budget ?? FILTER_BUDGET;
  const started = performance.now();
  let sliceStart = started;
  let skip = options.offset ?? 0;
  const out: T[] = [];
  for (const item of items) {
    if (options.limit !== undefined && out.length >= options.limit) break;
    if (keep(item)) {
      if (skip > 0) skip--;
      else out.push(item);
    }
    const now = performance.now();
    if (now - sliceStart >= budget.sliceMillis) {
      if (now - started >= budget.millis) throw filterTooCostly(options.where, `took over its budget of ${budget.millis.toLocaleString('en-US')} ms`, budget);
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  return out;
}

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * For long loops on the server's one thread: call the returned function between units of work
 * (a row, a statement) and await it; once `sliceMillis` have passed since the last turn it
 * yields to the event loop, so other requests (`/healthz`, reads) answer in between. A PGlite
 * statement runs on this thread and resolves without a turn of the loop, so a transaction of
 * many statements must yield like this too (issue 11: a 5 MB import held `/healthz` 24 s).
 *
 * @example const slice = timeSlices(); for (const row of rows) { work(row); await slice(); }
 */
export function timeSlices(sliceMillis = 8): () => Promise<void> | undefined {
  let started = performance.now();
  return () => {
    if (performance.now() - started < sliceMillis) return undefined;
    return yieldToEventLoop().then(() => {
      started = performance.now();
    });
  };
}

/**
 * Rows per multi-row statement. PostgreSQL runs a statement in its own process, so big batches
 * only save round trips; PGlite runs it on this thread, where 2,000 rows held the event loop
 * 0.3–1.2 s, so it takes 25 at a time and the loop turns in between.
 */
/** Measured with a 2 MB import under load: 25 rows keep a statement well under 100 ms of the loop, at no cost in total time. */
const PGLITE_ROWS = 25;

export function rowsPerStatement(engine: 'pglite' | 'postgres', postgresRows = 2000): number {
  return engine === 'pglite' ? Math.min(PGLITE_ROWS, postgresRows) : postgresRows;
}

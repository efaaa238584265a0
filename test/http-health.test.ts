import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { httpWorkspace } from './support/http-workspace.ts';

/** Holds one of the store's connections in an open transaction until `release` is called. */
async function holdConnection(store: Store): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let began!: () => void;
  const begun = new Promise<void>((resolve) => {
    began = resolve;
  });
  const done = store.db.transaction(async (tx) => {
    await tx.execute(sql`select 1`);
    began();
    await held;
  });
  await begun;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

// Liveness answers from the process; readiness asks the store, with a short timeout (issue 11, point 4).
describe.each(ENGINES)('/healthz and /readyz on %s', (engine) => {
  it('answers /healthz without the store, /readyz from it, and both 503 once the store is gone', async () => {
    const store = await openEngine(engine);
    const w = await httpWorkspace(store);
    const app = w.app;
    try {
      expect((await app.inject({ url: '/healthz' })).json()).toEqual({ ok: true, engine });
      const ready = await app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ ok: true, engine });
      expect(typeof ready.json().millis).toBe('number');
      if (engine === 'pglite') {
        // PGlite has one connection: while a transaction holds it, /healthz still answers at once
        // and /readyz says the store is busy after its 1 s timeout instead of waiting.
        const hold = await holdConnection(store);
        const started = performance.now();
        const health = await app.inject({ url: '/healthz' });
        expect(performance.now() - started).toBeLessThan(500);
        expect(health.json()).toEqual({ ok: true, engine });
        const busy = await app.inject({ url: '/readyz' });
        expect(busy.statusCode).toBe(503);
        expect(busy.json()).toEqual({ ok: false, engine, error: 'the store did not answer within 1000 ms' });
        // Busy is not down: liveness stays 200, so an orchestrator doesn't restart a server mid-import.
        expect((await app.inject({ url: '/healthz' })).json()).toEqual({ ok: true, engine });
        await hold.release();
        expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
        // PGlite fails a query on a closed instance with an unhandled rejection of its own; the server
        // never asks after closing, so the store-gone case runs on PostgreSQL.
        return;
      }
      await store.close();
      const gone = await app.inject({ url: '/readyz' });
      expect(gone.statusCode).toBe(503);
      expect(gone.json()).toMatchObject({ ok: false, engine });
      expect(gone.json().error).not.toBe('');
      // Liveness now reports what readiness last found, still without touching the store.
      const health = await app.inject({ url: '/healthz' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual(gone.json());
    } finally {
      await app.close();
      await store.close().catch(() => undefined);
    }
  });

  it('answers 413 too_large naming the limit, and takes an import body over 32 MiB', async () => {
    const store = await openEngine(engine);
    const w = await httpWorkspace(store);
    try {
      const big = await w.app.inject({
        method: 'POST',
        url: '/api/v1/records',
        headers: { ...w.as('ana'), 'content-type': 'application/json' },
        payload: JSON.stringify({ database: 'changes', set: { Title: 'x'.repeat(1024 * 1024) } }),
      });
      expect(big.statusCode).toBe(413);
      expect(big.json()).toEqual({
        error: {
          code: 'too_large',
          message: "The body is over this route's limit of 1 MiB (1048576 bytes): send less, or split it into several requests",
          in: 'body',
          limitBytes: 1048576,
        },
      });
      // A body over the old 32 MiB limit (here a 40 MiB file name) is read and imported.
      const padded = await w.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...w.as('ana'), 'content-type': 'application/json' },
        payload: `{"database":"changes","dryRun":true,"csv":"Title\\nOne\\n","file":"${'x'.repeat(40 * 1024 * 1024)}"}`,
      });
      expect(padded.statusCode).toBe(200);
      expect(padded.json()).toMatchObject({ database: 'changes', rows: 1, created: 1, dryRun: true });
      const over = await w.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...w.as('ana'), 'content-type': 'application/json' },
        payload: `{"database":"changes","dryRun":true,"csv":"${'x'.repeat(97 * 1024 * 1024)}"}`,
      });
      expect(over.statusCode).toBe(413);
      expect(over.json().error.message).toBe("The body is over this route's limit of 96 MiB (100663296 bytes): send less, or split it into several requests");
    } finally {
      await w.app.close();
      await store.close();
    }
  });
});

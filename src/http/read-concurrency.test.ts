import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { limitReadConcurrency } from './read-concurrency.ts';

describe('limitReadConcurrency', () => {
  it('runs at most `limit` API reads at once, the rest in arrival order; writes and other paths pass', async () => {
    const app = Fastify();
    limitReadConcurrency(app, 2);
    const started: number[] = [];
    const gates: (() => void)[] = [];
    app.get('/api/slow/:n', async (request) => {
      started.push(Number((request.params as { n: string }).n));
      await new Promise<void>((resolve) => gates.push(resolve));
      return { ok: true };
    });
    app.post('/api/write', async () => ({ wrote: true }));
    app.get('/healthz', async () => ({ ok: true }));
    await app.ready();

    const reads = [1, 2, 3, 4].map((n) => app.inject({ url: `/api/slow/${n}` }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toEqual([1, 2]);
    // Neither a write nor /healthz waits for a read slot.
    expect((await app.inject({ method: 'POST', url: '/api/write' })).json()).toEqual({ wrote: true });
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });

    gates.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toEqual([1, 2, 3]);
    while (started.length < 4 || gates.length > 0) {
      gates.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await Promise.all(reads)).map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(started).toEqual([1, 2, 3, 4]);
    await app.close();
  });
});

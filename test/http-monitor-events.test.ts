import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/store.ts';
import { openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

describe('monitor events over POST /api/v1/events', () => {
  let store: Store;
  let w: HttpWorkspace;
  beforeAll(async () => {
    store = await openEngine('pglite');
    w = await httpWorkspace(store, { clock: () => new Date('2026-06-01T12:00:00Z') });
  });
  afterAll(async () => {
    await w.app.close();
    await store.close();
  });
  const post = (payload: unknown) =>
    w.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/json', ...w.as('ana') }, payload: JSON.stringify(payload) });

  it('takes a batch of monitor events alone as a batch (not as an incident webhook), and answers 400 with the path of a bad one', async () => {
    const stored = await post({ jobFailures: [{ id: 'run-1', job: 'flow-run', at: '2026-06-01T11:00:00Z' }] });
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toMatchObject({ event: 'batch', stored: { jobFailures: { inserted: 1, updated: 0, unchanged: 0 }, commits: { inserted: 0 } } });
    const bad = await post({ sloSamples: [{ id: 'x', service: 'api', metric: 'latency_p95_seconds', value: 'slow', at: '2026-06-01T11:00:00Z' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_input', problems: [{ path: 'sloSamples[0].value', message: 'must be a number' }] });
  });
});

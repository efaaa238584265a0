import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../src/app/ingest-events.ts';
import type { Session } from '../src/app/session.ts';
import type { EventBatchInput } from '../src/core/metrics/event-batch.ts';
import { monitorEventsSince } from '../src/store/monitor-event-rows.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const SINCE = '2026-06-01T00:00:00.000Z';

/** One of each monitor kind, as a monitoring stack would send them. */
const signals = (): EventBatchInput => ({
  sloSamples: [
    { id: 'lat-1', service: 'flowengine', metric: 'latency_p95_seconds', value: 118, at: '2026-06-29T10:00:00+02:00' },
    { id: 'mut-1', service: 'flowengine', metric: 'mutation_kill_rate', value: 72.5, at: '2026-06-29T09:00:00Z' },
  ],
  jobFailures: [{ id: 'run-9', job: 'flow-run', service: 'flowengine', reason: 'model API 429', at: '2026-06-29T11:00:00Z' }],
  spend: [{ id: 'bill-1', account: 'claude', amount: 41.2, currency: 'usd', at: '2026-06-29T23:00:00Z' }],
  quota: [{ id: 'q-1', account: 'claude', used: 850, limit: 1000, at: '2026-06-29T23:00:00Z' }],
  incidentAcks: [{ incidentId: 'pagerduty:P1', by: 'ana', at: '2026-06-29T12:05:00Z' }],
});

describe.each(ENGINES)('monitor events on %s', (engine) => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store, { clock: () => NOW });
  });
  afterAll(async () => {
    await store.close();
  });

  const read = (kind: Parameters<typeof monitorEventsSince>[2]) => monitorEventsSince(store.db, s.workspaceId, kind, SINCE);

  it('stores each kind, reports it beside the delivery kinds, and re-ingesting changes nothing', async () => {
    const fresh = { inserted: 0, updated: 0, unchanged: 0 };
    expect(await ingestEvents(s, signals())).toEqual({
      pullRequests: fresh,
      deployments: fresh,
      incidents: fresh,
      commits: fresh,
      sloSamples: { inserted: 2, updated: 0, unchanged: 0 },
      jobFailures: { inserted: 1, updated: 0, unchanged: 0 },
      spend: { inserted: 1, updated: 0, unchanged: 0 },
      quota: { inserted: 1, updated: 0, unchanged: 0 },
      incidentAcks: { inserted: 1, updated: 0, unchanged: 0 },
    });
    const again = await ingestEvents(s, signals());
    expect(again.sloSamples).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(again.incidentAcks).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it('reads back the values as given, times in UTC, currency upper-cased', async () => {
    expect((await read('sloSamples')).map((r) => [r.id, r.service, r.metric, r.value, r.at])).toEqual([
      ['lat-1', 'flowengine', 'latency_p95_seconds', 118, '2026-06-29T08:00:00.000Z'],
      ['mut-1', 'flowengine', 'mutation_kill_rate', 72.5, '2026-06-29T09:00:00.000Z'],
    ]);
    expect(await read('jobFailures')).toMatchObject([{ id: 'run-9', subject: 'flow-run', service: 'flowengine', detail: 'model API 429' }]);
    expect(await read('spend')).toMatchObject([{ id: 'bill-1', subject: 'claude', value: 41.2, detail: 'USD' }]);
    expect(await read('quota')).toMatchObject([{ id: 'q-1', subject: 'claude', value: 850, quota_limit: 1000 }]);
    expect(await read('incidentAcks')).toMatchObject([{ id: 'pagerduty:P1', subject: 'pagerduty:P1', actor: 'ana', at: '2026-06-29T12:05:00.000Z' }]);
  });

  it('updates an entry whose values changed, and leaves the delivery kinds out of it', async () => {
    const result = await ingestEvents(s, { quota: [{ id: 'q-1', account: 'claude', used: 900, limit: 1000, at: '2026-06-29T23:00:00Z' }] });
    expect(result.quota).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(result.spend).toBeUndefined();
    expect((await read('quota'))[0]?.value).toBe(900);
  });

  it('refuses a bad batch whole, naming every bad field', async () => {
    const error = await failure(
      ingestEvents(s, {
        spend: [{ id: 'bill-2', amount: -3, currency: 'dollars', at: '2026-06-29T23:00:00Z' }],
        quota: [{ id: 'q-2', used: 10, limit: 0, at: 'yesterday' }],
        sloSamples: [{ id: 'x', service: 'api', metric: 'P95 Latency', value: '120', at: '2026-06-29T10:00:00Z' }],
        jobFailures: [{ id: 'run-1', job: 'ci', at: '2026-06-29T10:00:00Z', cost: 3 }],
      }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.details?.problems).toEqual([
      { path: 'sloSamples[0].metric', message: 'must be a snake_case name, e.g. latency_p95_seconds' },
      { path: 'sloSamples[0].value', message: 'must be a number' },
      { path: 'jobFailures[0]', message: "unknown key 'cost'" },
      { path: 'spend[0].amount', message: 'must be 0 or more' },
      { path: 'spend[0].currency', message: 'must be a 3-letter currency code, e.g. USD' },
      { path: 'quota[0].limit', message: 'must be more than 0' },
      { path: 'quota[0].at', message: 'must be an ISO-8601 date-time with a zone, e.g. 2026-01-10T09:00:00Z' },
    ]);
    expect(error.message).toContain('nothing was ingested');
    expect((await read('spend')).map((r) => r.id)).toEqual(['bill-1']);
  });

  it('refuses two acknowledgements of the same incident in one batch', async () => {
    const error = await failure(
      ingestEvents(s, {
        incidentAcks: [
          { incidentId: 'INC-1', at: '2026-06-29T10:00:00Z' },
          { incidentId: 'INC-1', at: '2026-06-29T10:01:00Z' },
        ],
      }),
    );
    expect(error.details?.problems).toEqual([{ path: 'incidentAcks[1]', message: "acknowledgement of incident 'INC-1' appears twice (first at incidentAcks[0]); list each once" }]);
  });
});

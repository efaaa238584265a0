import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestWebhook } from '../src/integrations/ingest-webhook.ts';
import type { Store } from '../src/store/store.ts';
import { storedIncident } from '../src/store/stored-delivery-events.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

describe.each(ENGINES)('replayed webhook deliveries on %s (issue 11, point 6)', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
  });
  afterAll(async () => {
    await w.app.close();
    await store.close();
  });
  const incident = () => storedIncident(store.db, w.session.workspaceId, 'INC-42');

  it('answers a second delivery with the same X-GitHub-Delivery 200 {duplicate: true} and writes nothing, even with another body', async () => {
    const deliver = (payload: Record<string, unknown>) =>
      w.app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...w.as('root'), 'x-github-delivery': 'd-1' }, payload });
    const first = await deliver({ id: 'INC-42', createdAt: '2026-01-10T09:00:00Z' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ event: 'incident', id: 'INC-42', stored: { incidents: { inserted: 1, updated: 0, unchanged: 0 } } });
    const replay = await deliver({ id: 'INC-42', createdAt: '2026-01-10T09:00:00Z', resolvedAt: '2026-01-10T10:00:00Z' });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ event: 'incident', stored: null, duplicate: true, ignored: 'delivery d-1 was already taken' });
    expect(await incident()).toMatchObject({ id: 'INC-42', resolvedAt: null });
  });

  it('takes concurrent copies of one delivery once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => ingestWebhook(w.session, { event: 'incident', deliveryId: 'd-2', payload: { id: 'INC-43', createdAt: '2026-01-11T09:00:00Z' } })),
    );
    expect(answers.filter((a) => a.duplicate).length).toBe(4);
    expect(answers.filter((a) => a.stored?.incidents?.inserted === 1).length).toBe(1);
  });

  it('an incident without a delivery id is a replay only when its payload is the same; an update still lands', async () => {
    const created = { id: 'INC-44', createdAt: '2026-01-12T09:00:00Z' };
    expect((await ingestWebhook(w.session, { event: 'incident', payload: created })).stored?.incidents?.inserted).toBe(1);
    expect(await ingestWebhook(w.session, { event: 'incident', payload: created })).toMatchObject({ duplicate: true, stored: null });
    const resolved = await ingestWebhook(w.session, { event: 'incident', payload: { id: 'INC-44', resolvedAt: '2026-01-12T10:00:00Z' } });
    expect(resolved.stored?.incidents).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
  });

  it('a delivery that fails is not remembered: its redelivery is taken', async () => {
    const bad = await w.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { ...w.as('root'), 'x-delivery-id': 'd-3' },
      payload: { id: 'INC-45', resolvedAt: 'yesterday' },
    });
    expect(bad.statusCode).toBe(400);
    const good = await w.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { ...w.as('root'), 'x-delivery-id': 'd-3' },
      payload: { id: 'INC-45', createdAt: '2026-01-13T09:00:00Z' },
    });
    expect(good.json()).toMatchObject({ id: 'INC-45', stored: { incidents: { inserted: 1 } } });
  });
});

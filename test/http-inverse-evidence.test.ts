import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

const INVERSE = fileURLToPath(new URL('./fixtures/packs/inverse', import.meta.url));

describe.each(ENGINES)('HTTP inverse relations and frozen evidence on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  const ana = () => w.as('ana');
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store, { pack: INVERSE });
    app = w.app;
    for (const payload of [
      { database: 'reviews', fields: { Gate: 'G1', 'Evidence Link': 'https://example.com/g1' } },
      { database: 'deliverables', fields: { Deliverable: 'Plan', Gate: 'G1' } },
    ]) {
      expect((await app.inject({ method: 'POST', url: '/api/v1/records', headers: ana(), payload })).statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('GET /records/{key} carries the inverse read-only, with a weak ETag of the body, not its version (it changes without one); a PATCH naming it is 400', async () => {
    const res = await app.inject({ url: '/api/v1/records/G1', headers: ana() });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toMatch(/^W\//);
    expect(res.json().inverse).toEqual({ Changes: [], Deliverables: [{ key: 'DLV-0001', title: 'Plan', status: 'Not Started', database: 'deliverables' }] });
    // A change linking the deliverable shows on it: its body (and so its ETag) changes, its version does not.
    const before = await app.inject({ url: '/api/v1/records/DLV-0001', headers: ana() });
    expect(before.json()).toMatchObject({ version: 1, inverse: { Changes: [] } });
    const change = await app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: ana(),
      payload: { database: 'changes', fields: { Title: 'Scope', Affected: ['DLV-0001'] } },
    });
    expect(change.statusCode).toBe(201);
    const after = await app.inject({ url: '/api/v1/records/DLV-0001', headers: { ...ana(), 'if-none-match': String(before.headers.etag) } });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ version: 1, inverse: { Changes: [{ key: 'CHG-0001', status: 'Open' }] } });
    const patch = await app.inject({ method: 'PATCH', url: '/api/v1/records/G1', headers: ana(), payload: { fields: { Deliverables: ['DLV-0001'] } } });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error).toMatchObject({
      code: 'invalid_input',
      problems: [{ field: 'Deliverables', reason: 'Deliverables is read-only: it lists the Deliverables whose Gate links this record; set Gate on those records instead' }],
    });
  });

  it('GET /records/{key}/evidence is 404 until a decision froze it, then the manifest against now', async () => {
    const none = await app.inject({ url: '/api/v1/records/G1/evidence', headers: ana() });
    expect(none.statusCode).toBe(404);
    expect(none.json().error).toEqual({ code: 'not_found', message: 'G1 has no frozen evidence: it freezes when G1 moves into Approved or Rejected', record: 'G1' });
    for (const [key, to] of [
      ['DLV-0001', 'Done'],
      ['G1', 'Approved'],
    ]) {
      expect((await app.inject({ method: 'POST', url: `/api/v1/records/${key}/moves`, headers: ana(), payload: { to } })).statusCode).toBe(200);
    }
    const res = await app.inject({ url: '/api/v1/records/G1/evidence', headers: ana() });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      record: 'G1',
      intact: true,
      changed: false,
      items: [{ relation: 'Deliverables', direction: 'inverse', key: 'DLV-0001', version: 2, changed: false, now: { key: 'DLV-0001', version: 2 } }],
      links: [{ field: 'Evidence Link', value: 'https://example.com/g1', changed: false }],
      added: [],
    });
    expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '../src/app/records/create-record.ts';
import { getRecord } from '../src/app/records/read-records.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

describe.each(ENGINES)('bulk edit and move on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  const bulk = (payload: Record<string, unknown>, who: 'ana' | 'vic' = 'ana') => app.inject({ method: 'POST', url: '/api/v1/records/bulk', headers: w.as(who), payload });

  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
    app = w.app;
    for (const [title, impact] of [
      ['Ready one', 'Safety'],
      ['Missing impact', ''],
    ] as const) {
      const { record } = await createRecord(w.session, { database: 'changes', set: [['Title', title], ...(impact ? [['Impact Analysis', impact] as const] : [])] });
      await moveRecord(w.session, { ref: record.key, to: 'Under Review' });
    }
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('edits and moves each record past its own gates, and lists each refusal; a refused record keeps its edit out too', async () => {
    const res = await bulk({ keys: ['CHG-0001', 'CHG-0002', 'CHG-0009'], fields: { 'Risk Level': 'High' }, to: 'Approved' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ done: 1, refused: 2 });
    expect(body.results.map((r: { key: string; ok: boolean }) => [r.key, r.ok])).toEqual([
      ['CHG-0001', true],
      ['CHG-0002', false],
      ['CHG-0009', false],
    ]);
    expect(body.results[0].record).toMatchObject({ status: 'Approved', fields: { 'Risk Level': 'High' } });
    expect(body.results[1].error).toMatchObject({
      code: 'gate_blocked',
      message: "CHG-0002 can't move to Approved: 1 criterion unmet",
      unmet: [{ gate: 'review-exit', criterion: 'impact', message: 'Impact Analysis must name at least one area' }],
    });
    expect(body.results[2].error).toEqual({ code: 'not_found', message: "No record has the key or title 'CHG-0009'", record: 'CHG-0009' });
    // The edit and the move of one record commit together: the refused move took its edit back.
    const refused = await getRecord(w.session, 'CHG-0002');
    expect([refused.status, refused.fields['Risk Level']]).toEqual(['Under Review', undefined]);
  });

  it('refuses an empty list, nothing to do, and a viewer, with what to do', async () => {
    expect((await bulk({ keys: [] })).statusCode).toBe(400);
    const nothing = await bulk({ keys: ['CHG-0002'] });
    expect([nothing.statusCode, nothing.json().error.message]).toEqual([400, 'Say what to do: set fields, a status to move to (to), or both']);
    const viewer = await bulk({ keys: ['CHG-0002'], to: 'Approved' }, 'vic');
    expect([viewer.statusCode, viewer.json().error.code]).toEqual([403, 'forbidden']);
  });
});

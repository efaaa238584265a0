import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveRecord } from '../src/app/records/archive-record.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { listRecords } from '../src/app/records/read-records.ts';
import { search } from '../src/app/search.ts';
import { verifyAudit } from '../src/app/verify-audit.ts';
import { listAudit } from '../src/store/audit-rows.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

describe.each(ENGINES)('archive and restore on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  const post = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, headers: { ...w.as('ana'), ...headers } });
  const keys = async (archived?: 'hide' | 'include' | 'only') => (await listRecords(w.session, { database: 'changes', archived })).map((r) => r.key);

  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
    app = w.app;
    await createRecord(w.session, { database: 'changes', set: [['Title', 'Swap the display panel']] });
    await createRecord(w.session, { database: 'changes', set: [['Title', 'Reseat connector']] });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('archives through the API: hidden from lists and search, shown when asked, status and fields kept, one audit entry', async () => {
    const res = await post('/api/v1/records/CHG-0001/archive', { 'if-match': '"1"' });
    expect(res.statusCode, res.body).toBe(200);
    const { record } = res.json();
    expect(record).toMatchObject({ key: 'CHG-0001', status: 'Proposed', version: 2, archivedBy: 'ana', title: 'Swap the display panel' });
    expect(res.headers.etag).toBe('"2"');
    expect(await keys()).toEqual(['CHG-0002']);
    expect(await keys('include')).toEqual(['CHG-0001', 'CHG-0002']);
    expect(await keys('only')).toEqual(['CHG-0001']);
    const listed = await app.inject({ url: '/api/v1/records?database=changes&archived=only', headers: w.as('ana') });
    expect(listed.json().records.map((r: { key: string }) => r.key)).toEqual(['CHG-0001']);
    expect(await search(w.session, { q: 'display panel' })).toEqual([]);
    const entries = await listAudit(store.db, w.session.workspaceId, { afterSeq: 0, limit: 1000 });
    expect(entries.at(-1)).toMatchObject({ action: 'record.archive', actor: 'ana', recordKey: 'CHG-0001' });
  });

  it('refuses to archive twice, a stale version, and a viewer, with what to do', async () => {
    const twice = await post('/api/v1/records/CHG-0001/archive');
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.message).toBe('CHG-0001 is already archived (by ana): eos record restore CHG-0001 brings it back');
    const stale = await post('/api/v1/records/CHG-0002/archive', { 'if-match': '"7"' });
    expect(stale.statusCode).toBe(412);
    const viewer = await app.inject({ method: 'POST', url: '/api/v1/records/CHG-0002/archive', headers: w.as('vic') });
    expect(viewer.statusCode).toBe(403);
    expect(await keys()).toEqual(['CHG-0002']);
  });

  it('restores as it was; the audit trail replays both writes', async () => {
    const res = await post('/api/v1/records/CHG-0001/restore');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().record.archivedAt).toBeUndefined();
    expect(res.json().record).toMatchObject({ status: 'Proposed', version: 3 });
    expect(await keys()).toEqual(['CHG-0001', 'CHG-0002']);
    await expect(archiveRecord(w.session, { ref: 'CHG-0001', archived: false })).rejects.toThrow('CHG-0001 is not archived: there is nothing to restore');
    await archiveRecord(w.session, { ref: 'CHG-0002', archived: true });
    expect(await verifyAudit(w.session)).toMatchObject({ ok: true });
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveRecord } from '../src/app/records/archive-record.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

describe.each(ENGINES)('CSV export of a table view on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  const get = (query: string) => app.inject({ url: `/api/v1/records/export.csv?${query}`, headers: w.as('vic') });

  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
    app = w.app;
    const make = (title: string, risk: string, points: string) =>
      createRecord(w.session, {
        database: 'changes',
        set: [
          ['Title', title],
          ['Risk Level', risk],
          ['Points', points],
        ],
      });
    await make('Swap C12', 'High', '3');
    await make('=HYPERLINK("http://evil")', 'High', '-2');
    await make('Reseat, connector', 'Low', '1');
    await make('Old one', 'High', '5');
    await archiveRecord(w.session, { ref: 'CHG-0004', archived: true });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('exports the filtered records with Key, the status and the columns on screen, formula-escaped, as a download', async () => {
    const where = encodeURIComponent("record['Risk Level'] == 'High'");
    const res = await get(`database=changes&where=${where}&sort=-Points&columns=${encodeURIComponent('Title,Points')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="changes.csv"');
    expect(res.body).toBe('Key,Status,Title,Points\r\nCHG-0001,Proposed,Swap C12,3\r\nCHG-0002,Proposed,"\'=HYPERLINK(""http://evil"")",-2\r\n');
  });

  it('leaves archived records out unless asked, as the table does', async () => {
    const res = await get('database=changes&columns=Title&archived=only');
    expect(res.body).toBe('Key,Status,Title\r\nCHG-0004,Proposed,Old one\r\n');
    expect((await get('database=changes&columns=Title')).body).toBe(
      'Key,Status,Title\r\nCHG-0001,Proposed,Swap C12\r\nCHG-0002,Proposed,"\'=HYPERLINK(""http://evil"")"\r\nCHG-0003,Proposed,"Reseat, connector"\r\n',
    );
  });

  it('refuses a column the database does not have, naming it', async () => {
    const res = await get('database=changes&columns=Title,Colour');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^Can't export column 'Colour': Changes has no such field \(Title, /);
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/store.ts';
import { writtenCounts } from './support/audit-count.ts';
import { BAD_INPUT_CASES, quoted } from './support/bad-input-cases.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

describe.each(ENGINES)('bad input on %s (issue 11, point 5)', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
    app = w.app;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it.each(BAD_INPUT_CASES)('$name: 400 naming the field and the limit, nothing written', async (c) => {
    const before = await writtenCounts(store, w.session.workspaceId);
    const res = await app.inject({
      method: c.method,
      url: c.url,
      headers: { ...w.as('root'), ...(c.body ? { 'content-type': 'application/json' } : {}) },
      ...(c.body ? { payload: c.body } : {}),
    });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(c.field);
    if (c.limit !== undefined) expect(error.message).toContain(`limit of ${quoted(c.limit)}`);
    expect(error.message).not.toMatch(/select|insert|update .* set|syntax error|violates|0x00|invalid byte sequence/i);
    expect(await writtenCounts(store, w.session.workspaceId)).toEqual(before);
  });

  it('escapes formula cells in the errors CSV it writes (CSV injection), keeping plain numbers', async () => {
    const csv = 'Title,Points,Rollback Plan\n=HYPERLINK("http://evil"),abc,@SUM(A1)\n-3 apples,-3,+1\n';
    const res = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: w.as('root'), payload: { database: 'changes', csv, skipInvalid: true, dryRun: true } });
    expect(res.statusCode).toBe(200);
    const rows = res.json().errorsCsv.trim().split('\n');
    expect(rows[0]).toBe('Title,Points,Rollback Plan,eos_error');
    expect(rows[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil""\)",abc,'@SUM\(A1\),/);
    expect(rows).toHaveLength(2);
  });

  it('reads csvBase64 by its detected or given encoding, refusing a stray byte with its line and offset', async () => {
    const bytes = Buffer.concat([Buffer.from('Title\nCafé\nDon'), Buffer.from([0x92]), Buffer.from('t\n')]);
    const post = (body: object) => app.inject({ method: 'POST', url: '/api/v1/imports', headers: w.as('root'), payload: { database: 'changes', file: 'x.csv', ...body } });
    const stray = await post({ csvBase64: bytes.toString('base64') });
    expect(stray.statusCode).toBe(400);
    expect(stray.json().error.message).toBe(
      'x.csv is UTF-8 but for a stray byte at line 3, byte offset 15 (0x92): fix that byte, or if the whole file is in another encoding give it with --encoding (e.g. --encoding windows-1252)',
    );
    const excel = Buffer.concat([Buffer.from('Title\nCaf'), Buffer.from([0xe9, 0x20, 0x93, 0x80, 0x94]), Buffer.from('\n')]);
    const read = await post({ csvBase64: excel.toString('base64'), dryRun: true });
    expect(read.statusCode).toBe(200);
    expect(read.json().warnings[0]).toBe('x.csv: no UTF-8 in it; read as windows-1252 (an Excel save). If that is wrong, give the encoding with --encoding');
    const given = await post({ csvBase64: excel.toString('base64'), encoding: 'windows-1252', dryRun: true });
    expect(given.json()).toMatchObject({ rows: 1, created: 1, warnings: [] });
    expect((await post({ csv: 'Title\nx\n', csvBase64: 'eA==' })).statusCode).toBe(400);
  });

  it('answers an unexpected database error with 500, a generic message and an error id, never the SQL', async () => {
    // A real database error: the records table is renamed away under the running server.
    await store.db.execute('alter table records rename to records_away');
    try {
      const res = await app.inject({ url: '/api/v1/records?database=changes', headers: w.as('root') });
      expect(res.statusCode).toBe(500);
      const error = res.json().error;
      expect(error.code).toBe('internal');
      expect(error.message).toMatch(/^eos failed unexpectedly on this request\. The server log has the details under error id [0-9a-f-]{36}$/);
      expect(error.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(error)).not.toMatch(/records|relation|select|from/i);
    } finally {
      await store.db.execute('alter table records_away rename to records');
    }
  });
});

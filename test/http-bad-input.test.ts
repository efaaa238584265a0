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

import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortIndexName } from '../src/store/ensure-sort-index.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

describe.each(ENGINES)('HTTP records on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  const ana = () => w.as('ana');
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
    app = w.app;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('creates a record from JSON-typed values and returns 201 with the record, its ETag and warnings', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: ana(),
      payload: {
        database: 'changes',
        fields: { Title: 'Swap C12', Points: 3, 'Impact Analysis': ['Quality', 'cost'], 'Communications Done': true, 'Verification Needed': ['TST-404'] },
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.record).toMatchObject({ key: 'CHG-0001', status: 'Proposed', version: 1, createdBy: 'ana', updatedBy: 'ana' });
    expect(body.record.fields).toMatchObject({ Title: 'Swap C12', Points: 3, 'Impact Analysis': ['Quality', 'Cost'], 'Communications Done': true });
    expect(body.record.unresolved).toEqual({ 'Verification Needed': ['TST-404'] });
    expect(body.warnings).toEqual(["CHG-0001: Verification Needed → 'TST-404' names no record in tests yet; it will link when one appears"]);
    expect(res.headers.etag).toBe('"1"');
  });

  it('gets a record by key or title with ETag "<version>", and 404s an unknown key in the error shape', async () => {
    const byKey = await app.inject({ url: '/api/v1/records/CHG-0001', headers: ana() });
    expect(byKey.statusCode).toBe(200);
    expect(byKey.headers.etag).toBe('"1"');
    expect(byKey.json().title).toBe('Swap C12');
    const byTitle = await app.inject({ url: `/api/v1/records/${encodeURIComponent('Swap C12')}`, headers: ana() });
    expect(byTitle.json().key).toBe('CHG-0001');
    const missing = await app.inject({ url: '/api/v1/records/CHG-9999', headers: ana() });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: "No record has the key or title 'CHG-9999'", record: 'CHG-9999' } });
  });

  it('refuses a badly typed value with 400 naming the field and value, and writes nothing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: ana(),
      payload: { database: 'changes', fields: { Title: 'Bad', Points: 'abc', 'Risk Level': 'Huge' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
    expect(res.json().error.problems).toEqual([
      { field: 'Points', value: 'abc', reason: "'abc' is not a number" },
      { field: 'Risk Level', value: 'Huge', reason: "'Huge' is not an option of Risk Level (Low, Medium, High)" },
    ]);
    const list = await app.inject({ url: '/api/v1/records?database=changes', headers: ana() });
    expect(list.json().records.map((r: { key: string }) => r.key)).toEqual(['CHG-0001']);
  });
});

describe.each(ENGINES)('HTTP record writes on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  const ana = () => w.as('ana');
  const create = async (fields: Record<string, unknown>, database = 'changes') => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/records', headers: ana(), payload: { database, fields } });
    expect(res.statusCode).toBe(201);
    return res.json().record as { key: string; version: number; status: string; fields: Record<string, unknown> };
  };
  const get = async (key: string) => (await app.inject({ url: `/api/v1/records/${key}`, headers: ana() })).json();
  const auditCount = async (key: string) => (await app.inject({ url: `/api/v1/records/${key}/audit`, headers: ana() })).json().entries.length;
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
    app = w.app;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('lists with a CEL filter, a sort and pages by cursor', async () => {
    for (const [title, points] of [
      ['A', 5],
      ['B', 1],
      ['C', 3],
    ] as const)
      await create({ Title: `list ${title}`, Points: points, 'Risk Level': 'High' });
    const first = await app.inject({ url: `/api/v1/records?database=changes&where=${encodeURIComponent("record['Risk Level'] == 'High'")}&sort=-Points&limit=2`, headers: ana() });
    expect(first.statusCode).toBe(200);
    expect(first.json().records.map((r: { title: string }) => r.title)).toEqual(['list A', 'list C']);
    const cursor = first.json().nextCursor;
    expect(typeof cursor).toBe('string');
    const second = await app.inject({
      url: `/api/v1/records?database=changes&where=${encodeURIComponent("record['Risk Level'] == 'High'")}&sort=-Points&limit=2&cursor=${cursor}`,
      headers: ana(),
    });
    expect(second.json()).toMatchObject({ nextCursor: null });
    expect(second.json().records.map((r: { title: string }) => r.title)).toEqual(['list B']);
  });

  it('sorts on a field through its expression index, built the first time a list sorts on it', async () => {
    const index = sortIndexName('Points');
    expect(index).toMatch(/^records_sort_points_[0-9a-f]{8}$/);
    const res = await app.inject({ url: '/api/v1/records?database=changes&sort=Points', headers: ana() });
    expect(res.statusCode).toBe(200);
    const points = res.json().records.map((r: { fields: { Points?: number } }) => r.fields.Points ?? null);
    expect(points).toEqual([...points].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b)));
    const found = (await store.db.execute(sql`select indexdef from pg_indexes where tablename = 'records' and indexname = ${index}`)) as unknown as {
      rows: { indexdef: string }[];
    };
    expect(found.rows).toHaveLength(1);
    expect(found.rows[0]?.indexdef).toContain("(fields -> 'Points'::text)");
  });

  it('answers fields=: lean records with only the fields asked for, and 400 for a field the database lacks', async () => {
    const res = await app.inject({ url: `/api/v1/records?database=changes&where=${encodeURIComponent("record.Title == 'list A'")}&fields=Points, risk level`, headers: ana() });
    expect(res.statusCode).toBe(200);
    const [record] = res.json().records;
    expect(Object.keys(record).sort()).toEqual(['fields', 'id', 'key', 'status', 'title', 'updatedAt', 'version']);
    expect(record).toMatchObject({ title: 'list A', status: 'Proposed', version: 1, fields: { Points: 5, 'Risk Level': 'High' } });
    expect(Object.keys(record.fields).sort()).toEqual(['Points', 'Risk Level']);
    const none = await app.inject({ url: `/api/v1/records?database=changes&where=${encodeURIComponent("record.Title == 'list A'")}&fields=`, headers: ana() });
    expect(none.json().records[0].fields).toEqual({});
    const full = await app.inject({ url: `/api/v1/records?database=changes&where=${encodeURIComponent("record.Title == 'list A'")}`, headers: ana() });
    expect(Object.keys(full.json().records[0]).sort()).toEqual([
      'createdAt',
      'createdBy',
      'database',
      'fields',
      'id',
      'key',
      'status',
      'title',
      'unresolved',
      'updatedAt',
      'updatedBy',
      'version',
    ]);
    expect(full.json().records[0].fields).toMatchObject({ Title: 'list A', Points: 5, 'Risk Level': 'High' });
    const bad = await app.inject({ url: '/api/v1/records?database=changes&fields=Title,Nope', headers: ana() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_input', message: "fields: Changes has no field 'Nope'; name fields of Changes, comma-separated", field: 'Nope' });
  });

  it('refuses a bad query with 400 naming the parameter', async () => {
    const limit = await app.inject({ url: '/api/v1/records?database=changes&limit=0', headers: ana() });
    expect(limit.statusCode).toBe(400);
    expect(limit.json().error).toMatchObject({ code: 'invalid_input', problems: [{ in: 'querystring', field: 'limit' }] });
    expect(limit.json().error.message).toMatch(/^Invalid request: querystring\.limit: /);
    const where = await app.inject({ url: `/api/v1/records?database=changes&where=${encodeURIComponent('record.Nope == 1')}`, headers: ana() });
    expect(where.statusCode).toBe(400);
    expect(where.json().error.code).toBe('invalid_input');
    expect(where.json().error.message).toMatch(/^--where: /);
    const db = await app.inject({ url: '/api/v1/records?database=nope', headers: ana() });
    expect(db.statusCode).toBe(404);
    expect(db.json().error.message).toMatch(/^There is no database 'nope'\. Databases: /);
    const cursor = await app.inject({ url: '/api/v1/records?database=changes&cursor=zzz', headers: ana() });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().error.message).toBe("cursor 'zzz' is not one this API handed out; pass nextCursor from the previous page");
  });

  it('updates with If-Match and refuses a stale one with 412, changing nothing', async () => {
    const r = await create({ Title: 'to update', Points: 1 });
    const ok = await app.inject({ method: 'PATCH', url: `/api/v1/records/${r.key}`, headers: { ...ana(), 'if-match': '"1"' }, payload: { fields: { Points: 2, Owner: 'bo' } } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json().record).toMatchObject({ version: 2, fields: { Points: 2, Owner: 'bo' }, updatedBy: 'ana' });
    const stale = await app.inject({ method: 'PATCH', url: `/api/v1/records/${r.key}`, headers: { ...ana(), 'if-match': '"1"' }, payload: { fields: { Points: 9 } } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toEqual({
      error: {
        code: 'conflict',
        message: `${r.key} is at version 2, not 1: someone changed it since you read it. Reload it and try again.`,
        record: r.key,
        expected: 1,
        actual: 2,
      },
    });
    expect(await get(r.key)).toMatchObject({ version: 2, fields: { Points: 2 } });
    const bad = await app.inject({ method: 'PATCH', url: `/api/v1/records/${r.key}`, headers: { ...ana(), 'if-match': 'yesterday' }, payload: { fields: { Points: 9 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('If-Match must be a record version such as "3" (the ETag of GET /records/{key}), not yesterday');
    const status = await app.inject({ method: 'PATCH', url: `/api/v1/records/${r.key}`, headers: ana(), payload: { fields: { Status: 'Closed' } } });
    expect(status.statusCode).toBe(400);
    expect(status.json().error.message).toBe(`The status changes only by a move: eos record move ${r.key} 'Closed'`);
  });

  it('refuses a gated move with 409 listing every unmet criterion, and changes nothing', async () => {
    const r = await create({ Title: 'to move' });
    const review = await app.inject({ method: 'POST', url: `/api/v1/records/${r.key}/moves`, headers: ana(), payload: { to: 'Under Review' } });
    expect(review.statusCode).toBe(200);
    expect(review.json().record).toMatchObject({ status: 'Under Review', version: 2 });
    const audits = await auditCount(r.key);
    const blocked = await app.inject({ method: 'POST', url: `/api/v1/records/${r.key}/moves`, headers: { ...ana(), 'if-match': '2' }, payload: { to: 'Approved' } });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json()).toEqual({
      error: {
        code: 'gate_blocked',
        message: `${r.key} can't move to Approved: 2 criteria unmet`,
        record: r.key,
        from: 'Under Review',
        to: 'Approved',
        unmet: [
          { gate: 'review-exit', criterion: 'risk-level', message: 'Set a Risk Level' },
          { gate: 'review-exit', criterion: 'impact', message: 'Impact Analysis must name at least one area' },
        ],
      },
    });
    expect(await get(r.key)).toMatchObject({ status: 'Under Review', version: 2 });
    expect(await auditCount(r.key)).toBe(audits);
    const stale = await app.inject({ method: 'POST', url: `/api/v1/records/${r.key}/moves`, headers: { ...ana(), 'if-match': '1' }, payload: { to: 'Approved' } });
    expect(stale.statusCode).toBe(412);
    await app.inject({ method: 'PATCH', url: `/api/v1/records/${r.key}`, headers: ana(), payload: { fields: { 'Risk Level': 'Low', 'Impact Analysis': 'Cost' } } });
    const passed = await app.inject({ method: 'POST', url: `/api/v1/records/${r.key}/moves`, headers: ana(), payload: { to: 'approved' } });
    expect(passed.statusCode).toBe(200);
    expect(passed.json().record).toMatchObject({ status: 'Approved', version: 4 });
    const missing = await app.inject({ method: 'POST', url: `/api/v1/records/${r.key}/moves`, headers: ana(), payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toEqual({
      code: 'invalid_input',
      message: 'Invalid request: body.to: Invalid input: expected string, received undefined',
      problems: [{ in: 'body', field: 'to', message: 'Invalid input: expected string, received undefined' }],
    });
  });

  it('links and unlinks relation targets, and shows relations on request', async () => {
    await create({ 'Test ID': 'TST-1', Results: 'Pass' }, 'tests');
    await create({ 'Test ID': 'TST-2', Results: 'Fail' }, 'tests');
    const r = await create({ Title: 'to link' });
    const linked = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${r.key}/links`,
      headers: ana(),
      payload: { field: 'Verification Needed', targets: ['TST-1', 'TST-2', 'TST-3'] },
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().record.fields['Verification Needed']).toEqual(['TST-1', 'TST-2']);
    expect(linked.json().record.unresolved).toEqual({ 'Verification Needed': ['TST-3'] });
    expect(linked.json().warnings).toEqual([`${r.key}: Verification Needed → 'TST-3' names no record in tests yet; it will link when one appears`]);
    const view = await app.inject({ url: `/api/v1/records/${r.key}?include=relations`, headers: ana() });
    expect(view.json().relations).toEqual({
      'Verification Needed': [
        { key: 'TST-1', title: 'TST-1', status: 'Planned', database: 'tests' },
        { key: 'TST-2', title: 'TST-2', status: 'Planned', database: 'tests' },
      ],
    });
    const unlinked = await app.inject({ method: 'DELETE', url: `/api/v1/records/${r.key}/links`, headers: ana(), payload: { field: 'Verification Needed', targets: ['TST-2'] } });
    expect(unlinked.statusCode).toBe(200);
    expect(unlinked.json().record.fields['Verification Needed']).toEqual(['TST-1']);
    const notLinked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/records/${r.key}/links`,
      headers: ana(),
      payload: { field: 'Verification Needed', targets: ['TST-404'] },
    });
    expect(notLinked.statusCode).toBe(400);
    expect(notLinked.json().error.message).toBe(`${r.key}'s Verification Needed does not link TST-404`);
    const notRelation = await app.inject({ method: 'POST', url: `/api/v1/records/${r.key}/links`, headers: ana(), payload: { field: 'Points', targets: ['TST-1'] } });
    expect(notRelation.statusCode).toBe(400);
    expect(notRelation.json().error.message).toBe("Changes has no relation field 'Points' (relations: Verification Needed)");
  });

  it('answers a repeated GET from the cache with 304 on If-None-Match, and a write refreshes it', async () => {
    const r = await create({ Title: 'cached', Points: 1 });
    const first = await app.inject({ url: `/api/v1/records/${r.key}`, headers: ana() });
    expect(first.headers.etag).toBe('"1"');
    // On PostgreSQL the create's own notification may arrive after the first read and clear the cache once.
    let again = await app.inject({ url: `/api/v1/records/${r.key}`, headers: ana() });
    for (let i = 0; i < 20 && again.headers['x-eos-cache'] !== 'hit'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      again = await app.inject({ url: `/api/v1/records/${r.key}`, headers: ana() });
    }
    expect(again.headers['x-eos-cache']).toBe('hit');
    expect(again.body).toBe(first.body);
    // A cached answer still needs a user: without credentials, or with a revoked token, it is refused as ever.
    const anonymous = await app.inject({ url: `/api/v1/records/${r.key}` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['x-eos-cache']).toBeUndefined();
    expect(anonymous.json().error.code).toBe('unauthenticated');
    const badToken = await app.inject({ url: `/api/v1/records/${r.key}`, headers: { authorization: 'Bearer eos_not-a-token' } });
    expect(badToken.statusCode).toBe(401);
    expect(badToken.headers['x-eos-cache']).toBeUndefined();
    const notModified = await app.inject({ url: `/api/v1/records/${r.key}`, headers: { ...ana(), 'if-none-match': '"1"' } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    await app.inject({ method: 'PATCH', url: `/api/v1/records/${r.key}`, headers: ana(), payload: { fields: { Points: 7 } } });
    const fresh = await app.inject({ url: `/api/v1/records/${r.key}`, headers: { ...ana(), 'if-none-match': '"1"' } });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers['x-eos-cache']).toBeUndefined();
    expect(fresh.json()).toMatchObject({ version: 2, fields: { Points: 7 } });
    const list = await app.inject({ url: '/api/v1/records?database=changes&limit=1', headers: ana() });
    expect(list.headers.etag).toMatch(/^W\/"/);
    const listAgain = await app.inject({ url: '/api/v1/records?database=changes&limit=1', headers: { ...ana(), 'if-none-match': list.headers.etag as string } });
    expect(listAgain.statusCode).toBe(304);
  });

  it('refuses a body that is not JSON, an unknown route and a request without a user, each in the error shape', async () => {
    const notJson = await app.inject({ method: 'POST', url: '/api/v1/records', headers: { ...ana(), 'content-type': 'application/json' }, payload: '{"database": ' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('invalid_input');
    expect(notJson.json().error.message).toMatch(/^The body is not valid JSON: /);
    const badField = await app.inject({ method: 'POST', url: '/api/v1/records', headers: ana(), payload: { database: 'changes', fields: { Title: 'x', Points: { n: 1 } } } });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().error.message).toBe('Invalid request: body.fields.Points: must be a string, number, boolean, null or a list of those');
    const unknown = await app.inject({ url: '/api/v1/nope', headers: ana() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      error: { code: 'not_found', message: 'No route GET /api/v1/nope. The API is under /api/v1; its OpenAPI document is /api/openapi.json', method: 'GET', path: '/api/v1/nope' },
    });
    const anonymous = await app.inject({ url: '/api/v1/records?database=changes' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in first: send Authorization: Bearer <token>, or log in at POST /auth/login' } });
    const viewer = await app.inject({ method: 'POST', url: '/api/v1/records', headers: w.as('vic'), payload: { database: 'changes', fields: { Title: 'by a viewer' } } });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().error.code).toBe('forbidden');
  });
});

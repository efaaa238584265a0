import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/app/auth/add-user.ts';
import { checkSop } from '../src/app/records/sop-checklist.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

const NOW = new Date('2026-03-02T09:30:00.000Z');
const STEPS = ['Submit the change with a clear reason and the affected items.', 'Review impact and risk.', 'Verify and close.'];

describe.each(ENGINES)('HTTP SOP checklists on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  let key: string;
  const ana = () => w.as('ana');
  const put = (step: number | string, payload: Record<string, unknown>, headers = ana()) =>
    app.inject({ method: 'PUT', url: `/api/v1/records/${key}/sop/${step}`, headers, payload });
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store, { clock: () => NOW });
    app = w.app;
    const created = await app.inject({ method: 'POST', url: '/api/v1/records', headers: ana(), payload: { database: 'changes', fields: { Title: 'Swap C12' } } });
    key = created.json().record.key;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('serves the checklist, and PUT {done: true} ticks a step as the request user', async () => {
    const first = await app.inject({ url: `/api/v1/records/${key}/sop`, headers: ana() });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      record: key,
      database: 'changes',
      steps: STEPS.map((text, i) => ({ step: i + 1, text, done: false, checkedBy: null, checkedAt: null })),
      done: 0,
      total: 3,
    });
    const ticked = await put(1, { done: true });
    expect(ticked.statusCode).toBe(200);
    expect(ticked.json().steps[0]).toEqual({ step: 1, text: STEPS[0], done: true, checkedBy: 'ana', checkedAt: NOW.toISOString() });
    expect(ticked.json()).toMatchObject({ done: 1, total: 3 });
    const again = await put(1, { done: true });
    expect(again.json()).toEqual(ticked.json());
    const audit = await app.inject({ url: `/api/v1/records/${key}/audit`, headers: ana() });
    expect(audit.json().entries.filter((e: { action: string }) => e.action.startsWith('record.sop.'))).toHaveLength(1);
    expect((await app.inject({ url: '/api/v1/audit/verify', headers: ana() })).json()).toMatchObject({ ok: true });
  });

  it('serves a repeated GET from the cache until a tick, whose answer the next GET shows', async () => {
    const url = `/api/v1/records/${key}/sop`;
    const first = await app.inject({ url, headers: ana() });
    // On PostgreSQL a write's own notification may arrive after the first read and clear the cache once.
    let cached = await app.inject({ url, headers: ana() });
    for (let i = 0; i < 20 && cached.headers['x-eos-cache'] !== 'hit'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      cached = await app.inject({ url, headers: ana() });
    }
    expect(cached.headers['x-eos-cache']).toBe('hit');
    expect(cached.body).toBe(first.body);
    expect((await put(2, { done: true })).statusCode).toBe(200);
    const fresh = await app.inject({ url, headers: ana() });
    expect(fresh.headers['x-eos-cache']).toBeUndefined();
    expect(fresh.json().steps.map((s: { done: boolean }) => s.done)).toEqual([true, true, false]);
    const unticked = await put(2, { done: false });
    expect(unticked.json().steps[1]).toEqual({ step: 2, text: STEPS[1], done: false, checkedBy: null, checkedAt: null });
    expect((await app.inject({ url, headers: ana() })).json().done).toBe(1);
  });

  it('drops a cached checklist when a tick comes from outside the server (the write lock notifies)', async () => {
    const url = `/api/v1/records/${key}/sop`;
    let cached = await app.inject({ url, headers: ana() });
    for (let i = 0; i < 20 && cached.headers['x-eos-cache'] !== 'hit'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      cached = await app.inject({ url, headers: ana() });
    }
    expect(cached.headers['x-eos-cache']).toBe('hit');
    // As the CLI would: the app function on the same database, not through this server.
    await checkSop(w.session, { ref: key, step: 2, done: true });
    await expect.poll(async () => (await app.inject({ url, headers: ana() })).json().done, { timeout: 5000, interval: 25 }).toBe(2);
    await checkSop(w.session, { ref: key, step: 2, done: false });
    await expect.poll(async () => (await app.inject({ url, headers: ana() })).json().done, { timeout: 5000, interval: 25 }).toBe(1);
  });

  it('refuses a step out of range, a step that is not a number, a body without done and an unknown record', async () => {
    const nine = await put(9, { done: true });
    expect(nine.statusCode).toBe(400);
    expect(nine.json()).toEqual({
      error: { code: 'invalid_input', message: "Changes' SOP has 3 steps; step 9 does not exist (give 1 to 3)", record: key, steps: [9], total: 3 },
    });
    const word = await put('first', { done: true });
    expect(word.statusCode).toBe(400);
    expect(word.json().error.problems).toEqual([expect.objectContaining({ in: 'params', field: 'step' })]);
    const noDone = await put(1, {});
    expect(noDone.statusCode).toBe(400);
    expect(noDone.json().error.problems).toEqual([expect.objectContaining({ in: 'body', field: 'done' })]);
    const missing = await app.inject({ method: 'PUT', url: '/api/v1/records/CHG-9999/sop/1', headers: ana(), payload: { done: true } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: "No record has the key or title 'CHG-9999'", record: 'CHG-9999' } });
  });

  it('refuses a viewer with 403 naming the roles that write; the viewer still reads the checklist', async () => {
    const refused = await put(3, { done: true }, w.as('vic'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      error: {
        code: 'forbidden',
        message:
          "vic has the viewer role and can't PUT /api/v1/records/:key/sop/:step: writing needs the editor or admin role, or a persona (business, product, engineering, qa, data, sre)",
        actor: 'vic',
        role: 'viewer',
        requiredRoles: ['admin', 'editor', 'business', 'product', 'engineering', 'qa', 'data', 'sre'],
      },
    });
    const read = await app.inject({ url: `/api/v1/records/${key}/sop`, headers: w.as('vic') });
    expect(read.statusCode).toBe(200);
    expect(read.json().steps[2].done).toBe(false);
  });

  it('refuses a cookie write without X-CSRF-Token, and takes it with the header', async () => {
    await addUser(w.session, { name: 'root', role: 'admin' }, { name: 'ed', role: 'editor', password: 'correct horse battery' });
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ed', password: 'correct horse battery' } });
    const cookie = login.cookies.find((c) => c.name === 'eos_session')?.value ?? '';
    const refused = await app.inject({ method: 'PUT', url: `/api/v1/records/${key}/sop/3`, cookies: { eos_session: cookie }, payload: { done: true } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      error: {
        code: 'forbidden',
        message: 'A write with the session cookie needs the X-CSRF-Token header: send the csrfToken that POST /auth/login and GET /auth/me return',
        header: 'X-CSRF-Token',
      },
    });
    expect((await app.inject({ url: `/api/v1/records/${key}/sop`, headers: ana() })).json().steps[2].done).toBe(false);
    const ok = await app.inject({
      method: 'PUT',
      url: `/api/v1/records/${key}/sop/3`,
      cookies: { eos_session: cookie },
      headers: { 'x-csrf-token': login.json().csrfToken },
      payload: { done: true },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().steps[2]).toMatchObject({ done: true, checkedBy: 'ed' });
  });
});

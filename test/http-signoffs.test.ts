import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/app/auth/add-user.ts';
import { createToken } from '../src/app/auth/create-token.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

const PACK = fileURLToPath(new URL('./fixtures/packs/signoffs', import.meta.url));
const ROOT = { name: 'root', role: 'admin' } as const;

describe.each(ENGINES)('HTTP sign-offs on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  let quinn: Record<string, string>;
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store, { pack: PACK });
    app = w.app;
    // Several roles over the API: an editor who is also the QA lead.
    const added = await app.inject({ method: 'POST', url: '/api/v1/users', headers: w.as('root'), payload: { name: 'quinn', roles: ['editor', 'qa'] } });
    expect(added.statusCode).toBe(201);
    expect(added.json().user).toMatchObject({ name: 'quinn', role: 'editor', roles: ['editor', 'qa'] });
    const token = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: w.as('root'), payload: { user: 'quinn', name: 'tests' } });
    quinn = { authorization: `Bearer ${token.json().token}` };
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  async function review(): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: w.as('ana'),
      payload: { database: 'reviews', fields: { Title: `R ${Math.random()}`, Type: 'Standard' } },
    });
    expect(res.statusCode).toBe(201);
    return res.json().record.key;
  }

  const sign = (key: string, headers: Record<string, string>, payload: Record<string, unknown>, extra: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: `/api/v1/records/${key}/signoffs`, headers: { ...headers, ...extra }, payload });

  it('GET /auth/me shows every role; POST /records/{key}/signoffs signs as a qa role held beside editor, with the ETag of the new version', async () => {
    expect((await app.inject({ url: '/api/v1/auth/me', headers: quinn })).json().user).toEqual({ name: 'quinn', role: 'editor', roles: ['editor', 'qa'] });
    const key = await review();
    const res = await sign(key, quinn, { field: 'QA Sign-off', verdict: 'go', note: 'suite green' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json().record.fields['QA Sign-off']).toMatchObject({ verdict: 'go', by: 'quinn', role: 'qa', note: 'suite green', version: 2, current: true });
    const decisions = await app.inject({ url: `/api/v1/decisions?record=${key}`, headers: quinn });
    expect(decisions.json().decisions[0]).toMatchObject({ action: 'signoff.go', actor: 'quinn', summary: `quinn signed QA Sign-off of ${key}: GO` });
    // A quinn with an edit since: the record page reads it as stale.
    await app.inject({ method: 'PATCH', url: `/api/v1/records/${key}`, headers: w.as('ana'), payload: { fields: { Notes: 'later' } } });
    expect((await app.inject({ url: `/api/v1/records/${key}`, headers: quinn })).json().fields['QA Sign-off']).toMatchObject({ version: 2, current: false });
  });

  it('refuses with the status and message the rule says: 403 role and viewer, 400 verdict, 412 stale If-Match, 404 record', async () => {
    const key = await review();
    const editor = await sign(key, w.as('ana'), { field: 'QA Sign-off', verdict: 'go' });
    expect(editor.statusCode).toBe(403);
    expect(editor.json().error).toMatchObject({ code: 'forbidden', message: `Only qa can sign QA Sign-off of ${key}; ana has the editor role` });
    const viewer = await sign(key, w.as('vic'), { field: 'QA Sign-off', verdict: 'go' });
    expect(viewer.statusCode).toBe(403);
    const verdict = await sign(key, quinn, { field: 'QA Sign-off', verdict: 'maybe' });
    expect(verdict.statusCode).toBe(400);
    expect(verdict.json().error.code).toBe('invalid_input');
    const stale = await sign(key, quinn, { field: 'QA Sign-off', verdict: 'go' }, { 'if-match': '"7"' });
    expect(stale.statusCode).toBe(412);
    expect((await sign('REV-9999', quinn, { field: 'QA Sign-off', verdict: 'go' })).statusCode).toBe(404);
    // An admin signs, and the signature says so.
    const admin = await sign(key, w.as('root'), { field: 'QA Sign-off', verdict: 'no_go' });
    expect(admin.statusCode).toBe(200);
    expect(admin.json().record.fields['QA Sign-off']).toMatchObject({ verdict: 'no_go', by: 'root', asAdmin: true });
  });

  it('PATCH and POST /records refuse a sign-off as a value with 400 and the reason', async () => {
    const key = await review();
    const patch = await app.inject({ method: 'PATCH', url: `/api/v1/records/${key}`, headers: w.as('root'), payload: { fields: { 'QA Sign-off': 'go' } } });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.message).toBe(
      `Can't update ${key}: QA Sign-off="go": QA Sign-off is a sign-off: it can't be set or cleared as a value, only signed by its role (eos record sign <key> 'QA Sign-off' --verdict go|no_go, POST /api/v1/records/{key}/signoffs, or Sign on the record page)`,
    );
    const create = await app.inject({ method: 'POST', url: '/api/v1/records', headers: w.as('root'), payload: { database: 'reviews', fields: { Title: 'x', Approval: null } } });
    expect(create.statusCode).toBe(400);
    expect(create.json().error.message).toContain("Approval is a sign-off: it can't be set or cleared as a value");
  });

  it('a user added with several roles by the use case signs with a token; their role list replaces on PATCH /users', async () => {
    await addUser(w.session, ROOT, { name: 'sam', roles: ['sre', 'engineering'] });
    const token = (await createToken(w.session, ROOT, { user: 'sam', name: 't' })).token;
    const key = await review();
    const res = await sign(key, { authorization: `Bearer ${token}` }, { field: 'Approval', verdict: 'go' });
    expect(res.json().record.fields.Approval).toMatchObject({ by: 'sam', role: 'engineering' });
    const patched = await app.inject({ method: 'PATCH', url: '/api/v1/users/sam', headers: w.as('root'), payload: { roles: ['viewer'] } });
    expect(patched.json().user).toMatchObject({ role: 'viewer', roles: ['viewer'] });
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenExpiry } from '../src/core/auth/token-expiry.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { createTestUsers } from './support/http-users.ts';
import { serverFor } from './support/http-workspace.ts';
import { newWorkspace } from './support/workspace.ts';

describe('--expires', () => {
  const now = new Date('2026-12-07T10:00:00.000Z');
  it('reads durations and dates, and refuses the past and nonsense', () => {
    expect(tokenExpiry('30d', now)).toBe('2027-01-06T10:00:00.000Z');
    expect(tokenExpiry('12h', now)).toBe('2026-12-07T22:00:00.000Z');
    expect(tokenExpiry('2w', now)).toBe('2026-12-21T10:00:00.000Z');
    expect(tokenExpiry('2027-01-31', now)).toBe('2027-01-31T00:00:00.000Z');
    expect(tokenExpiry('2027-01-31T18:00:00+02:00', now)).toBe('2027-01-31T16:00:00.000Z');
    expect(() => tokenExpiry('2026-12-01', now)).toThrow("The expiry '2026-12-01' (--expires, expiresAt) is not in the future (it is 2026-12-01T00:00:00.000Z)");
    expect(() => tokenExpiry('soon', now)).toThrow(
      "The expiry 'soon' (--expires, expiresAt) is neither a duration (12h, 30d, 8w) nor a date (2027-01-31, or ISO-8601 like 2027-01-31T18:00:00Z)",
    );
  });
});

describe.each(ENGINES)('expiring API tokens over HTTP on %s (issue 11, point 6)', (engine) => {
  let store: Store;
  let app: FastifyInstance;
  let now = Date.parse('2026-12-07T10:00:00.000Z');
  let root: Record<string, string>;
  beforeAll(async () => {
    store = await openEngine(engine);
    const clock = () => new Date(now);
    const session = await newWorkspace(store, { clock });
    root = (await createTestUsers(store, session.workspaceId)).headers('root');
    app = await serverFor(store, session.workspaceId, clock);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('creates a token with expiresAt, lists it, and answers 401 naming the expiry once it has passed', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: root, payload: { user: 'ana', name: 'ci', expiresAt: '1h' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ user: 'ana', name: 'ci', expiresAt: '2026-12-07T11:00:00.000Z' });
    const bearer = { authorization: `Bearer ${created.json().token}` };
    expect((await app.inject({ url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(200);
    const listed = (await app.inject({ url: '/api/v1/tokens', headers: root })).json().tokens as { id: string; expiresAt: string | null }[];
    expect(listed.find((t) => t.id === created.json().id)?.expiresAt).toBe('2026-12-07T11:00:00.000Z');
    expect(listed.filter((t) => t.id !== created.json().id).every((t) => t.expiresAt === null)).toBe(true);

    now += 60 * 60_000;
    const refused = await app.inject({ url: '/api/v1/auth/me', headers: bearer });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({
      error: {
        code: 'unauthenticated',
        message: 'This API token expired at 2026-12-07T11:00:00.000Z. Create a new one with: eos token create <user> --expires 30d',
        expiredAt: '2026-12-07T11:00:00.000Z',
      },
    });
  });

  it('refuses an expiry in the past with 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: root, payload: { user: 'ana', expiresAt: '2020-01-01' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe("The expiry '2020-01-01' (--expires, expiresAt) is not in the future (it is 2020-01-01T00:00:00.000Z)");
  });
});

describe('trustProxy (issue 11, point 6)', () => {
  it('counts login failures per X-Forwarded-For client only when the proxy is trusted', async () => {
    const store = await openEngine('pglite');
    try {
      const session = await newWorkspace(store);
      await createTestUsers(store, session.workspaceId);
      const { buildServer } = await import('../src/http/build-server.ts');
      const { createAuthPlugin } = await import('../src/http/auth/auth-plugin.ts');
      const server = (trustProxy: boolean) =>
        buildServer({ store, workspaceId: session.workspaceId, auth: createAuthPlugin({ store, workspaceId: session.workspaceId }), trustProxy });
      const login = (app: FastifyInstance, username: string, client: string) =>
        app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'wrong' }, remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': client } });
      // Five failures, each for another username, so only the address can limit the sixth.
      const behindProxy = await server(true);
      for (let i = 0; i < 5; i++) expect((await login(behindProxy, `p${i}`, '203.0.113.1')).statusCode).toBe(401);
      expect((await login(behindProxy, 'p5', '203.0.113.1')).json().error.message).toMatch(/^Too many failed logins for p5 or from 203\.0\.113\.1;/);
      expect((await login(behindProxy, 'p6', '203.0.113.2')).statusCode).toBe(401);
      await behindProxy.close();
      // Untrusted, the header is only the client's word: every request counts against the proxy's address.
      const direct = await server(false);
      for (let i = 0; i < 5; i++) expect((await login(direct, `d${i}`, `198.51.100.${i}`)).statusCode).toBe(401);
      const refused = await login(direct, 'd5', '198.51.100.99');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.message).toMatch(/^Too many failed logins for d5 or from 10\.0\.0\.2;/);
      await direct.close();
    } finally {
      await store.close();
    }
  });
});

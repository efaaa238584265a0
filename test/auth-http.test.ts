import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/app/auth/add-user.ts';
import { createFirstAdmin } from '../src/app/auth/create-first-admin.ts';
import { createToken } from '../src/app/auth/create-token.ts';
import { revokeToken } from '../src/app/auth/revoke-token.ts';
import { sha256Hex } from '../src/app/auth/secrets.ts';
import type { Session } from '../src/app/session.ts';
import { createLocalCli } from '../src/cli/local-cli.ts';
import { createAuthPlugin } from '../src/http/auth/auth-plugin.ts';
import { buildServer } from '../src/http/build-server.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { serverFor } from './support/http-workspace.ts';
import { newWorkspace } from './support/workspace.ts';

const ENGINEERING_OS = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const ADMIN = { name: 'root', role: 'admin' } as const;
const PASSWORD = 'correct horse battery';

interface Server {
  readonly app: FastifyInstance;
  readonly session: Session;
  readonly tokens: Record<string, string>;
}

/** A workspace with users of several roles (password PASSWORD, and one API token each) and a server over it. */
async function serverWithUsers(store: Store, options: { pack?: string; clock?: () => Date } = {}): Promise<Server> {
  const session = await newWorkspace(store, options.pack ? { pack: options.pack } : {});
  const tokens: Record<string, string> = {};
  for (const [name, role] of [
    ['root', 'admin'],
    ['ed', 'editor'],
    ['vic', 'viewer'],
    ['sam', 'sre'],
    ['bob', 'engineering'],
  ] as const) {
    await addUser(session, ADMIN, { name, role, password: PASSWORD });
    tokens[name] = (await createToken(session, ADMIN, { user: name, name: 'test' })).token;
  }
  const clock = options.clock ? { clock: options.clock } : {};
  const app = await buildServer({ store, workspaceId: session.workspaceId, auth: createAuthPlugin({ store, workspaceId: session.workspaceId, ...clock }), ...clock });
  return { app, session, tokens };
}

function bearer(token: string | undefined): Record<string, string> {
  return { authorization: `Bearer ${token ?? ''}` };
}

async function logIn(app: FastifyInstance, username: string, password = PASSWORD, ip = '10.0.0.1') {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: ip });
}

function sessionCookie(response: { cookies: { name: string; value: string }[] }): string {
  const cookie = response.cookies.find((c) => c.name === 'eos_session');
  if (!cookie) throw new Error('no eos_session cookie was set');
  return cookie.value;
}

describe.each(ENGINES)('HTTP auth on %s', (engine) => {
  let store: Store;
  let s: Server;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await serverWithUsers(store);
  });
  afterAll(async () => {
    await s.app.close();
    await store.close();
  });

  it('answers 401 to a request with no credentials, and serves /healthz without', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/databases' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
    expect((await s.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('logs in with a cookie that is httpOnly, SameSite=Strict, Path=/ (not Secure over http), and stores only its hash', async () => {
    const res = await logIn(s.app, 'ed');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({ user: { name: 'ed', role: 'editor', roles: ['editor'] }, csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), mustChangePassword: false });
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^eos_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const cookie = sessionCookie(res);
    const rows = (await store.db.execute(`select id_hash, user_name from sessions where workspace_id = '${s.session.workspaceId}'` as never)) as unknown as {
      rows: { id_hash: string; user_name: string }[];
    };
    expect(rows.rows).toContainEqual({ id_hash: sha256Hex(cookie), user_name: 'ed' });
    expect(JSON.stringify(rows.rows)).not.toContain(cookie);
    const me = await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { eos_session: cookie } });
    expect(me.json()).toEqual({ user: { name: 'ed', role: 'editor', roles: ['editor'] }, csrfToken: body.csrfToken, mustChangePassword: false });
  });

  it('refuses a cookie-only write without X-CSRF-Token (403), and takes it with the header', async () => {
    const login = await logIn(s.app, 'ed');
    const cookie = sessionCookie(login);
    const payload = { database: 'changes', fields: { Title: 'Cookie write' } };
    const refused = await s.app.inject({ method: 'POST', url: '/api/v1/records', cookies: { eos_session: cookie }, payload });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      error: {
        code: 'forbidden',
        message: 'A write with the session cookie needs the X-CSRF-Token header: send the csrfToken that POST /auth/login and GET /auth/me return',
        header: 'X-CSRF-Token',
      },
    });
    const wrong = await s.app.inject({ method: 'POST', url: '/api/v1/records', cookies: { eos_session: cookie }, headers: { 'x-csrf-token': 'x'.repeat(43) }, payload });
    expect(wrong.statusCode).toBe(403);
    const other = sessionCookie(await logIn(s.app, 'root'));
    const crossed = await s.app.inject({ method: 'POST', url: '/api/v1/records', cookies: { eos_session: other }, headers: { 'x-csrf-token': login.json().csrfToken }, payload });
    expect(crossed.statusCode).toBe(403);
    const ok = await s.app.inject({ method: 'POST', url: '/api/v1/records', cookies: { eos_session: cookie }, headers: { 'x-csrf-token': login.json().csrfToken }, payload });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().record).toMatchObject({ title: 'Cookie write', createdBy: 'ed' });
  });

  it('takes a bearer-token write without any CSRF header', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/records', headers: bearer(s.tokens.ed), payload: { database: 'changes', fields: { Title: 'Token write' } } });
    expect(res.statusCode).toBe(201);
    expect(res.json().record.createdBy).toBe('ed');
  });

  it('refuses a revoked token with 401', async () => {
    const { token, id } = await createToken(s.session, ADMIN, { user: 'ed', name: 'to revoke' });
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    const revoked = await s.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: bearer(s.tokens.root) });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().token).toMatchObject({ id, user: 'ed', revokedAt: expect.any(String) });
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/databases', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toEqual({
      code: 'unauthenticated',
      message: 'This API token is not valid: it is unknown or was revoked. Create a new one with: eos token create <user>',
    });
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/databases', headers: { authorization: 'Basic abc' } })).json().error.message).toBe(
      "The Authorization header must be 'Bearer <token>'",
    );
  });

  it('refuses a token revoked by another path (the CLI, another replica) once the write is notified', async () => {
    const { token, id } = await createToken(s.session, ADMIN, { user: 'ed', name: 'revoked elsewhere' });
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    await revokeToken(s.session, ADMIN, id);
    let status = 200;
    for (let i = 0; i < 50 && status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })).statusCode;
    }
    expect(status).toBe(401);
  });

  it('refuses a wrong password with 401, and the 6th failure in 15 minutes with 429 and Retry-After, for that username and that address', async () => {
    let now = Date.parse('2026-03-01T09:00:00Z');
    const t = await serverWithUsers(store, { clock: () => new Date(now) });
    for (let i = 0; i < 5; i++) {
      now += 1000;
      const res = await logIn(t.app, 'bob', 'wrong password', '10.9.9.9');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'unauthenticated', message: 'Wrong username or password' } });
    }
    now += 60_000;
    const sixth = await logIn(t.app, 'bob', PASSWORD, '10.9.9.9');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error).toEqual({ code: 'rate_limited', message: 'Too many failed logins for bob or from 10.9.9.9; try again in 14 minutes', retryAfterSeconds: 836 });
    expect(sixth.headers['retry-after']).toBe('836');
    expect((await logIn(t.app, 'bob', PASSWORD, '10.1.1.1')).statusCode).toBe(429);
    expect((await logIn(t.app, 'sam', PASSWORD, '10.9.9.9')).statusCode).toBe(429);
    expect((await logIn(t.app, 'sam', PASSWORD, '10.1.1.1')).statusCode).toBe(200);
    expect((await logIn(t.app, 'nobody', PASSWORD, '10.2.2.2')).statusCode).toBe(401);
    now += 836_000;
    expect((await logIn(t.app, 'bob', PASSWORD, '10.9.9.9')).statusCode).toBe(200);
    await t.app.close();
  }, 120_000);

  it('counts failed logins in the store: 3 on one server and 2 on another over the same database, and the 6th attempt on either is 429', async () => {
    let now = Date.parse('2026-03-02T09:00:00Z');
    const clock = () => new Date(now);
    const t = await serverWithUsers(store, { clock });
    // On PostgreSQL the second server has a connection pool of its own, as another `eos serve` process would.
    const otherStore = engine === 'postgres' ? await openEngine(engine) : store;
    const other = await serverFor(otherStore, t.session.workspaceId, clock);
    try {
      for (const app of [t.app, t.app, t.app, other, other]) {
        now += 1000;
        expect((await logIn(app, 'bob', 'wrong password', '10.8.8.8')).json().error.code).toBe('unauthenticated');
      }
      now += 60_000;
      for (const app of [t.app, other]) {
        const refused = await logIn(app, 'bob', PASSWORD, '10.8.8.8');
        expect(refused.statusCode).toBe(429);
        expect(refused.json().error).toEqual({ code: 'rate_limited', message: 'Too many failed logins for bob or from 10.8.8.8; try again in 14 minutes', retryAfterSeconds: 836 });
        expect(refused.headers['retry-after']).toBe('836');
      }
      const rows = async () => {
        const result = await store.db.execute(sql`select key from login_failures where workspace_id = ${t.session.workspaceId} order by key`);
        return (result as unknown as { rows: { key: string }[] }).rows.map((r) => r.key);
      };
      expect(await rows()).toEqual([...Array(5).fill('ip:10.8.8.8'), ...Array(5).fill('user:bob')]);
      // Once the window has passed, the next failure deletes the old rows as it records its own.
      now += 15 * 60_000;
      expect((await logIn(other, 'sam', 'wrong password', '10.7.7.7')).statusCode).toBe(401);
      expect(await rows()).toEqual(['ip:10.7.7.7', 'user:sam']);
      // A success clears its username's rows, not its address's.
      expect((await logIn(t.app, 'sam', PASSWORD, '10.7.7.7')).statusCode).toBe(200);
      expect(await rows()).toEqual(['ip:10.7.7.7']);
    } finally {
      await other.close();
      await t.app.close();
      if (otherStore !== store) await otherStore.close();
    }
  }, 120_000);

  it("adds the first run's admin with a one-time password that must be changed before anything else, over POST /me/password", async () => {
    const session = await newWorkspace(store);
    const app = await serverFor(store, session.workspaceId);
    try {
      const first = await createFirstAdmin(session, { name: 'owner', role: 'admin' });
      expect(first).toEqual({ name: 'admin', password: expect.stringMatching(/^[A-Za-z0-9_-]{20}$/) });
      expect(await createFirstAdmin(session, { name: 'owner', role: 'admin' })).toBeNull();
      const password = first?.password ?? '';
      const hash = async () => {
        const result = await store.db.execute(sql`select password_hash from users where workspace_id = ${session.workspaceId} and name = 'admin'`);
        return (result as unknown as { rows: { password_hash: string }[] }).rows[0]?.password_hash;
      };
      expect(await hash()).toMatch(/^once\$scrypt\$32768\$8\$1\$/);

      const login = await logIn(app, 'admin', password, '10.6.6.6');
      expect(login.json()).toEqual({ user: { name: 'admin', role: 'admin', roles: ['admin'] }, csrfToken: expect.any(String), mustChangePassword: true });
      const cookie = sessionCookie(login);
      const csrf = { 'x-csrf-token': login.json().csrfToken };
      const other = sessionCookie(await logIn(app, 'admin', password, '10.6.6.6'));
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { eos_session: cookie } })).json().mustChangePassword).toBe(true);
      const blocked = await app.inject({ method: 'GET', url: '/api/v1/databases', cookies: { eos_session: cookie } });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error).toEqual({
        code: 'forbidden',
        message: 'Change your one-time password first: POST /api/v1/me/password {currentPassword, newPassword}',
        mustChangePassword: true,
      });

      const change = (payload: Record<string, string>, headers: Record<string, string> = csrf) =>
        app.inject({ method: 'POST', url: '/api/v1/me/password', cookies: { eos_session: cookie }, headers, payload, remoteAddress: '10.6.6.6' });
      expect((await change({ currentPassword: password, newPassword: 'my own password' }, {})).json().error.header).toBe('X-CSRF-Token');
      const wrong = await change({ currentPassword: 'not the password', newPassword: 'my own password' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error).toEqual({ code: 'invalid_input', message: 'The current password is wrong', field: 'currentPassword' });
      expect((await change({ currentPassword: password, newPassword: 'short' })).json().error).toEqual({
        code: 'invalid_input',
        message: 'The new password is too short: use at least 10 characters',
        field: 'newPassword',
      });
      expect((await change({ currentPassword: password, newPassword: password })).json().error.message).toBe('The new password is the current one: choose another');
      const changed = await change({ currentPassword: password, newPassword: 'my own password' });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toEqual({ user: { name: 'admin', role: 'admin', roles: ['admin'] }, csrfToken: login.json().csrfToken, mustChangePassword: false });
      expect(await hash()).toMatch(/^scrypt\$/);

      // This session goes on, now unrestricted; the other one has ended; the one-time password no longer works.
      expect((await app.inject({ method: 'GET', url: '/api/v1/databases', cookies: { eos_session: cookie } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { eos_session: other } })).statusCode).toBe(401);
      expect((await logIn(app, 'admin', password, '10.6.6.7')).json().error.code).toBe('unauthenticated');
      expect((await logIn(app, 'admin', 'my own password', '10.6.6.7')).json()).toMatchObject({ mustChangePassword: false });
      const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?limit=2', cookies: { eos_session: cookie } });
      expect(audit.json().entries.map((e: { action: string; actor: string; after: unknown }) => [e.action, e.actor, e.after])).toEqual([
        ['user.update', 'admin', { user: 'admin', passwordChanged: true }],
        ['user.add', 'owner', { user: 'admin', role: 'admin', password: true, oneTimePassword: true }],
      ]);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('counts a wrong current password as a failed login: after 5, POST /me/password is 429 too', async () => {
    const session = await newWorkspace(store);
    await addUser(session, ADMIN, { name: 'root', role: 'admin', password: PASSWORD });
    const { token } = await createToken(session, ADMIN, { user: 'root' });
    const app = await serverFor(store, session.workspaceId);
    try {
      const change = (currentPassword: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/me/password',
          headers: bearer(token),
          payload: { currentPassword, newPassword: 'another password' },
          remoteAddress: '10.5.5.5',
        });
      for (let i = 0; i < 5; i++) expect((await change('a wrong guess')).statusCode).toBe(400);
      const refused = await change(PASSWORD);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error).toMatchObject({ code: 'rate_limited', message: 'Too many failed logins for root or from 10.5.5.5; try again in 15 minutes' });
      expect((await logIn(app, 'root', PASSWORD, '10.4.4.4')).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('refuses a viewer write with 403 naming the roles that write; a viewer still reads', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/records', headers: bearer(s.tokens.vic), payload: { database: 'changes', fields: { Title: 'nope' } } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toEqual({
      code: 'forbidden',
      message: "vic has the viewer role and can't POST /api/v1/records: writing needs the editor or admin role, or a persona (business, product, engineering, qa, data, sre)",
      actor: 'vic',
      role: 'viewer',
      requiredRoles: ['admin', 'editor', 'business', 'product', 'engineering', 'qa', 'data', 'sre'],
    });
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/databases', headers: bearer(s.tokens.vic) })).statusCode).toBe(200);
  });

  it('logs out: the session ends and its cookie no longer authenticates', async () => {
    const login = await logIn(s.app, 'ed');
    const cookie = sessionCookie(login);
    const out = await s.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { eos_session: cookie }, headers: { 'x-csrf-token': login.json().csrfToken } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^eos_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/);
    const after = await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { eos_session: cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toBe('You are not logged in (the session is unknown or has ended); log in again');
  });

  it('lets only admins manage users, and anyone their own tokens', async () => {
    const add = await s.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(s.tokens.ed), payload: { name: 'eve', role: 'viewer', password: PASSWORD } });
    expect(add.statusCode).toBe(403);
    expect(add.json().error.message).toBe('Only an admin can add users; ed has the editor role');
    const added = await s.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(s.tokens.root), payload: { name: 'eve', role: 'qa', password: PASSWORD } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({
      user: {
        name: 'eve',
        role: 'qa',
        roles: ['qa'],
        email: null,
        displayName: 'eve',
        hasPassword: true,
        mustChangePassword: false,
        createdAt: expect.any(String),
        createdBy: 'root',
      },
    });
    // An admin may hand out a one-time password: it opens a session that must choose a new one first.
    const reset = await s.app.inject({ method: 'PATCH', url: '/api/v1/users/eve', headers: bearer(s.tokens.root), payload: { password: 'hand over once', oneTime: true } });
    expect(reset.json().user).toMatchObject({ name: 'eve', hasPassword: true, mustChangePassword: true });
    const login = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'eve', password: 'hand over once' } });
    expect(login.json()).toMatchObject({ user: { name: 'eve', role: 'qa' }, mustChangePassword: true });
    const list = await s.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(s.tokens.root) });
    expect(list.json().users.map((u: { name: string }) => u.name)).toEqual(['bob', 'ed', 'eve', 'root', 'sam', 'vic']);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(s.tokens.vic) })).statusCode).toBe(403);
    const own = await s.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer(s.tokens.vic), payload: { name: 'laptop' } });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ user: 'vic', name: 'laptop', token: expect.stringMatching(/^eos_/) });
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(own.json().token) })).json().user).toEqual({
      name: 'vic',
      role: 'viewer',
      roles: ['viewer'],
    });
    const others = await s.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer(s.tokens.vic), payload: { user: 'ed' } });
    expect(others.statusCode).toBe(403);
    const mine = await s.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(s.tokens.vic) });
    expect(mine.json().tokens.map((t: { user: string }) => t.user)).toEqual(['vic', 'vic']);
    expect(JSON.stringify(mine.json())).not.toContain(own.json().token);
  });

  it('records when a token was last used', async () => {
    const { token, id } = await createToken(s.session, ADMIN, { user: 'sam', name: 'usage' });
    await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
    const list = await s.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(s.tokens.root) });
    expect(list.json().tokens.find((t: { id: string }) => t.id === id).lastUsedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
  });
});

describe('HTTP role gates (engineering-os)', () => {
  let store: Store;
  let s: Server;
  beforeAll(async () => {
    store = await openEngine('pglite');
    s = await serverWithUsers(store, { pack: ENGINEERING_OS });
  });
  afterAll(async () => {
    await s.app.close();
    await store.close();
  });

  it('only sre closes an incident: an engineer gets 403 naming the role, an sre closes it', async () => {
    const fields = { 'Incident ID': 'INC-H1', Severity: 'SEV4', 'Impact / Symptom': 'slow', 'Fix Applied': 'restart' };
    expect((await s.app.inject({ method: 'POST', url: '/api/v1/records', headers: bearer(s.tokens.bob), payload: { database: 'incidents', fields } })).statusCode).toBe(201);
    const gates = await s.app.inject({ method: 'GET', url: '/api/v1/records/INC-H1/gates', headers: bearer(s.tokens.bob) });
    expect(gates.json().next.find((n: { to: string }) => n.to === 'Closed')).toMatchObject({ requiresRole: [{ gate: 'sre-closes', roles: ['sre'] }], permitted: false });
    const asSre = await s.app.inject({ method: 'GET', url: '/api/v1/records/INC-H1/gates', headers: bearer(s.tokens.sam) });
    expect(asSre.json().next.find((n: { to: string }) => n.to === 'Closed').permitted).toBe(true);
    const refused = await s.app.inject({ method: 'POST', url: '/api/v1/records/INC-H1/moves', headers: bearer(s.tokens.bob), payload: { to: 'Closed' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'forbidden',
      message: 'Only sre can move INC-H1 to Closed (gate sre-closes); bob has the engineering role',
      requiredRoles: ['sre', 'admin'],
    });
    const bySre = await s.app.inject({ method: 'POST', url: '/api/v1/records/INC-H1/moves', headers: bearer(s.tokens.sam), payload: { to: 'Closed' } });
    expect(bySre.statusCode).toBe(409);
    expect(bySre.json().error.code).toBe('gate_blocked');
  });
});

describe('the local CLI route', () => {
  let store: Store;
  let app: FastifyInstance;
  let token: string;
  let session: Session;
  beforeAll(async () => {
    store = await openEngine('pglite');
    session = await newWorkspace(store);
    const localCli = createLocalCli(store);
    token = localCli.token;
    app = await buildServer({ store, workspaceId: session.workspaceId, auth: createAuthPlugin({ store, workspaceId: session.workspaceId, localCli }) });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const run = (argv: string[], remoteAddress: string, auth = token) =>
    app.inject({ method: 'POST', url: '/api/internal/cli', remoteAddress, headers: bearer(auth), payload: { argv, actor: 'ana', cwd: '/' } });

  it('runs a CLI command in the server process as the calling EOS_USER, returning its output and exit code', async () => {
    const created = await run(['record', 'create', 'changes', '--set', 'Title=Sent to the server', '--workspace', session.workspaceId], '127.0.0.1');
    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({ stdout: 'CHG-0001\n', stderr: '', exitCode: 0 });
    const got = await run(['record', 'get', 'CHG-0001', '--json', '--workspace', session.workspaceId], '::1');
    expect(JSON.parse(got.json().stdout)).toMatchObject({ key: 'CHG-0001', createdBy: 'ana' });
    const missing = await run(['record', 'get', 'CHG-0404', '--workspace', session.workspaceId], '127.0.0.1');
    expect(missing.json()).toEqual({ stdout: '', stderr: "error: No record has the key or title 'CHG-0404'\n", exitCode: 4 });
    expect((await run(['serve'], '127.0.0.1')).json()).toEqual({ stdout: '', stderr: 'error: eos serve is already running on this workspace\n', exitCode: 2 });
  });

  it('refuses another host, and anyone without the token', async () => {
    const remote = await run(['record', 'list', 'changes'], '10.0.0.9');
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error).toEqual({ code: 'forbidden', message: 'CLI commands are only taken from this host, not from 10.0.0.9' });
    const wrong = await run(['record', 'list', 'changes'], '127.0.0.1', 'x'.repeat(43));
    expect(wrong.statusCode).toBe(401);
  });
});

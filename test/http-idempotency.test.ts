import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/app/auth/add-user.ts';
import { createToken } from '../src/app/auth/create-token.ts';
import { answerInScope, claimIdempotencyKey, type IdempotentAnswer, idempotencyHash, runIdempotent } from '../src/app/idempotency.ts';
import { jsonAnswer, withheldToken } from '../src/http/auth/kept-answers.ts';
import { insertIdempotencyKey, markIdempotencyCommitted } from '../src/store/idempotency-rows.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

describe.each(ENGINES)('Idempotency-Key on %s (issue 11, point 3)', (engine) => {
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

  const create = (key: string, title: string, as: 'ana' | 'root' = 'ana') =>
    app.inject({ method: 'POST', url: '/api/v1/records', headers: { ...w.as(as), 'idempotency-key': key }, payload: { database: 'changes', fields: { Title: title } } });
  const titled = async (title: string) => {
    const where = `record.Title == '${title}'`;
    const res = await app.inject({ url: `/api/v1/records?database=changes&limit=1000&where=${encodeURIComponent(where)}`, headers: w.as('ana') });
    return (res.json() as { records: { key: string; title: string }[] }).records.filter((r) => r.title === title);
  };

  it('answers a retry with the first answer, marked as a replay, and writes once', async () => {
    const first = await create('key-1', 'Once only');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await create('key-1', 'Once only');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect((await titled('Once only')).map((r) => r.key)).toEqual([first.json().record.key]);
  });

  it('refuses the same key with another body with 422, naming what to do', async () => {
    await create('key-2', 'First body');
    const other = await create('key-2', 'Second body');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('invalid_input');
    expect(other.json().error.message).toMatch(
      /^This Idempotency-Key was used at .+ for a request with another body; a retry must send the same request\. Use a new key for a new request\.$/,
    );
    expect(await titled('Second body')).toEqual([]);
  });

  it('runs ten concurrent duplicates once: every one gets the same record', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => create('key-3', 'Concurrent')));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.json().record.key)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true').length).toBe(9);
    expect(await titled('Concurrent')).toHaveLength(1);
  });

  it("keeps keys per user: another user's same key is another request", async () => {
    expect((await create('key-4', 'Per user', 'ana')).statusCode).toBe(201);
    expect((await create('key-4', 'Per user', 'root')).statusCode).toBe(201);
    expect(await titled('Per user')).toHaveLength(2);
  });

  it('does not keep a refusal that wrote nothing: the retry runs again', async () => {
    const bad = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/records',
        headers: { ...w.as('ana'), 'idempotency-key': 'key-5' },
        payload: { database: 'changes', fields: { Title: 'x', Points: 'abc' } },
      });
    expect((await bad()).statusCode).toBe(400);
    const again = await bad();
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect((await create('key-5', 'After a refusal')).statusCode).toBe(201);
  });

  it('replays a PATCH without a second version bump', async () => {
    const key = (await create('key-6', 'To patch')).json().record.key as string;
    const patch = () => app.inject({ method: 'PATCH', url: `/api/v1/records/${key}`, headers: { ...w.as('ana'), 'idempotency-key': 'key-7' }, payload: { fields: { Points: 5 } } });
    expect((await patch()).json().record.version).toBe(2);
    const replay = await patch();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().record.version).toBe(2);
    expect((await app.inject({ url: `/api/v1/records/${key}`, headers: w.as('ana') })).json().version).toBe(2);
  });

  it('refuses a malformed key with 400', async () => {
    const res = await create('has space', 'Bad key');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('The Idempotency-Key header must be 1 to 200 visible ASCII characters, e.g. a UUID');
  });

  describe('keys left by a process that died', () => {
    const dead = JSON.stringify({ pid: spawnSync('true').pid, host: hostname() });
    const request = (key: string) => ({ workspaceId: w.session.workspaceId, actor: 'ana', key, route: 'POST /x', requestHash: idempotencyHash('POST /x', '{}') });

    it('runs again when the dead process had written nothing', async () => {
      await insertIdempotencyKey(store.db, { ...request('dead-1'), owner: dead, createdAt: new Date().toISOString() });
      expect(await claimIdempotencyKey(store, request('dead-1'))).toEqual({ kind: 'run' });
    });

    it('refuses with 409 when the dead process committed its write but not its answer', async () => {
      await insertIdempotencyKey(store.db, { ...request('dead-2'), owner: dead, createdAt: new Date().toISOString() });
      await markIdempotencyCommitted(store.db, request('dead-2'), '2026-12-07T10:00:00.000Z');
      await expect(claimIdempotencyKey(store, request('dead-2'))).rejects.toMatchObject({
        code: 'conflict',
        status: 409,
        message:
          'The request with this Idempotency-Key was carried out at 2026-12-07T10:00:00.000Z, but the process running it stopped before its answer was kept; it is not run again. Look up its result instead.',
      });
    });

    // A process killed after its write commits and before its reply is kept (the onSend hook that
    // would keep it never runs): the write kept its answer in its own transaction, so the retry
    // gets that answer, and no second user or token is made (issue 11, point 5; ADR 060).
    const crashAfterCommit = async <T>(key: string, route: string, payload: unknown, write: () => Promise<T>, render: (result: T) => IdempotentAnswer) => {
      const id = { workspaceId: w.session.workspaceId, actor: 'root', key, route, requestHash: idempotencyHash(route, JSON.stringify(payload)) };
      expect(await claimIdempotencyKey(store, id)).toEqual({ kind: 'run' });
      const result = await runIdempotent(id, () => answerInScope(render, write));
      await store.db.execute(sql`update idempotency_keys set owner = ${dead} where key = ${key}`);
      return result;
    };

    it('replays a token creation killed before its reply, without a second token or a kept secret', async () => {
      const payload = { name: 'crash-token' };
      const root = { name: 'root', role: 'admin' as const };
      const first = await crashAfterCommit(
        'crash-1',
        'POST /api/v1/tokens',
        payload,
        () => createToken({ store, workspaceId: w.session.workspaceId }, root, { user: 'root', name: 'crash-token' }),
        withheldToken,
      );
      const retry = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { ...w.as('root'), 'idempotency-key': 'crash-1' }, payload });
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const { token: _secret, ...view } = first;
      expect(retry.json()).toEqual({
        ...view,
        token: null,
        tokenWithheld: `This token was created by the first request with this Idempotency-Key and is shown only in that answer; if it was lost, revoke token ${first.id} and create another.`,
      });
      const tokens = (await app.inject({ url: '/api/v1/tokens', headers: w.as('root') })).json().tokens as { id: string; name: string }[];
      expect(tokens.filter((t) => t.name === 'crash-token').map((t) => t.id)).toEqual([first.id]);
      const kept = await store.db.execute(sql`select response from idempotency_keys where key = 'crash-1'`);
      expect(JSON.stringify((kept as { rows: unknown[] }).rows)).not.toContain(first.token);
    });

    it('replays a user creation killed before its reply, without a second attempt', async () => {
      const payload = { name: 'crash-user', role: 'viewer' };
      const root = { name: 'root', role: 'admin' as const };
      const added = await crashAfterCommit(
        'crash-2',
        'POST /api/v1/users',
        payload,
        () => addUser({ store, workspaceId: w.session.workspaceId }, root, payload),
        (user) => jsonAnswer(201, { user }),
      );
      const retry = await app.inject({ method: 'POST', url: '/api/v1/users', headers: { ...w.as('root'), 'idempotency-key': 'crash-2' }, payload });
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual({ user: added });
      const users = (await app.inject({ url: '/api/v1/users', headers: w.as('root') })).json().users as { name: string }[];
      expect(users.filter((u) => u.name === 'crash-user')).toHaveLength(1);
    });

    it('forgets keys after 24 hours', async () => {
      await insertIdempotencyKey(store.db, { ...request('old'), owner: dead, createdAt: '2026-01-01T00:00:00.000Z' });
      await markIdempotencyCommitted(store.db, request('old'), '2026-01-01T00:00:00.000Z');
      expect(await claimIdempotencyKey(store, request('old'), { now: new Date('2026-01-02T00:00:01.000Z') })).toEqual({ kind: 'run' });
    });
  });
});

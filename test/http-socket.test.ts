import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPack } from '../src/app/read-pack.ts';
import { updateRecord } from '../src/app/records/update-record.ts';
import { openSession } from '../src/app/session.ts';
import { upgradePack } from '../src/app/upgrade-pack.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';
import { MINI_PACK } from './support/workspace.ts';

describe.each(ENGINES)('the API over a real socket on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
    app = w.app;
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('creates, reads with an ETag and refuses a stale If-Match over HTTP', async () => {
    const headers = { ...w.as('ana'), 'content-type': 'application/json' };
    const created = await fetch(`${base}/api/v1/records`, { method: 'POST', headers, body: JSON.stringify({ database: 'changes', fields: { Title: 'Over the wire' } }) });
    expect(created.status).toBe(201);
    const { record } = (await created.json()) as { record: { key: string } };
    const read = await fetch(`${base}/api/v1/records/${record.key}`, { headers });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const ok = await fetch(`${base}/api/v1/records/${record.key}`, {
      method: 'PATCH',
      headers: { ...headers, 'if-match': '"1"' },
      body: JSON.stringify({ fields: { Points: 5 } }),
    });
    expect(ok.status).toBe(200);
    const stale = await fetch(`${base}/api/v1/records/${record.key}`, {
      method: 'PATCH',
      headers: { ...headers, 'if-match': '"1"' },
      body: JSON.stringify({ fields: { Points: 6 } }),
    });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('conflict');
    const health = await fetch(`${base}/healthz`);
    expect(await health.json()).toEqual({ ok: true, engine });
  });

  it.runIf(engine === 'postgres')('drops a cached read when another process writes to the same database', async () => {
    const other = await openEngine('postgres');
    try {
      const headers = w.as('ana');
      const created = await app.inject({ method: 'POST', url: '/api/v1/records', headers, payload: { database: 'changes', fields: { Title: 'Written elsewhere', Points: 1 } } });
      const key = created.json().record.key as string;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await fetch(`${base}/api/v1/records/${key}`, { headers });
      const cached = await fetch(`${base}/api/v1/records/${key}`, { headers });
      expect(cached.headers.get('x-eos-cache')).toBe('hit');
      const elsewhere = await openSession({ store: other, workspaceId: w.session.workspaceId, actor: 'cli-user' });
      await updateRecord(elsewhere, { ref: key, set: [['Points', '8']] });
      let points: unknown;
      for (let i = 0; i < 40 && points !== 8; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        points = ((await (await fetch(`${base}/api/v1/records/${key}`, { headers })).json()) as { fields: { Points: unknown } }).fields.Points;
      }
      expect(points).toBe(8);
    } finally {
      await other.close();
    }
  });
  it.runIf(engine === 'postgres')('stops serving cached reads while the write notifications are lost, and resumes once they are back', async () => {
    const headers = w.as('ana');
    const created = await app.inject({ method: 'POST', url: '/api/v1/records', headers, payload: { database: 'changes', fields: { Title: 'Cache while offline' } } });
    const url = `/api/v1/records/${created.json().record.key}`;
    const cachedNow = async () => (await app.inject({ url, headers })).headers['x-eos-cache'] === 'hit';
    const waitFor = async (want: boolean) => {
      for (let i = 0; i < 100; i++) {
        if ((await cachedNow()) === want) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return false;
    };
    expect(await waitFor(true)).toBe(true);
    const admin = await openEngine('postgres');
    try {
      await admin.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'LISTEN eos_writes%'`);
    } finally {
      await admin.close();
    }
    expect(await waitFor(false)).toBe(true);
    expect(await waitFor(true)).toBe(true);
  });
  it('sees a pack upgrade made outside the server: new databases appear, and records can be created in them', async () => {
    const headers = w.as('ana');
    expect((await app.inject({ url: '/api/v1/databases', headers })).json().databases.map((d: { id: string }) => d.id)).not.toContain('notes');
    const dir = mkdtempSync(join(tmpdir(), 'eos-pack-v2-'));
    cpSync(MINI_PACK, dir, { recursive: true });
    writeFileSync(join(dir, 'pack.yaml'), readFileSync(join(dir, 'pack.yaml'), 'utf8').replace('"1.0.0"', '"2.0.0"'));
    writeFileSync(
      join(dir, 'databases/notes.yaml'),
      'id: notes\nname: Notes\nkey: { prefix: N }\nfields:\n  - { name: Title, type: title }\nstatus: { field: Status, values: [Open] }\n',
    );
    // On PostgreSQL the upgrade comes from another pool, as from another process; PGlite has one process.
    const other = engine === 'postgres' ? await openEngine('postgres') : undefined;
    try {
      const cli = await openSession({ store: other ?? store, workspaceId: w.session.workspaceId, actor: 'cli-user' });
      await upgradePack(cli, readPack(dir).pack);
    } finally {
      await other?.close();
    }
    let ids: string[] = [];
    for (let i = 0; i < 40 && !ids.includes('notes'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      ids = (await app.inject({ url: '/api/v1/databases', headers })).json().databases.map((d: { id: string }) => d.id);
    }
    expect(ids).toContain('notes');
    const created = await app.inject({ method: 'POST', url: '/api/v1/records', headers, payload: { database: 'notes', fields: { Title: 'After the upgrade' } } });
    expect(created.statusCode).toBe(201);
    expect(created.json().record.key).toBe('N-0001');
  });
});

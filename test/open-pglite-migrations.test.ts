import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationJournal } from '../src/store/migrations-folder.ts';
import { openPglite } from '../src/store/open-pglite.ts';

const LAST = Math.max(...migrationJournal().map((m) => m.when));

async function lastApplied(dataDir: string): Promise<{ rows: number; last: number }> {
  const client = await PGlite.create(dataDir);
  const { rows } = await client.query<{ rows: number; last: string }>('SELECT count(*)::int AS rows, max(created_at)::text AS last FROM drizzle.__drizzle_migrations');
  await client.close();
  return { rows: rows[0]?.rows ?? 0, last: Number(rows[0]?.last) };
}

// ADR 065: an embedded data dir that has every migration skips drizzle's migrate (one query instead);
// one that lacks any still gets them.
describe('openPglite and migrations', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'eos-migrated-'));
    dirs.push(dir);
    return join(dir, 'data');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a data dir that has no migrations table', async () => {
    const dir = dataDir();
    await (await openPglite(dir)).close();
    const bare = await PGlite.create(dir);
    await bare.exec('DROP SCHEMA drizzle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await bare.close();
    const store = await openPglite(dir);
    await store.close();
    expect(await lastApplied(dir)).toEqual({ rows: migrationJournal().length, last: LAST });
    // Every migration from nothing: the slowest open there is.
  }, 120_000);

  it('opens an up-to-date data dir as it is', async () => {
    const dir = dataDir();
    await (await openPglite(dir)).close();
    const before = await lastApplied(dir);
    await (await openPglite(dir)).close();
    expect(await lastApplied(dir)).toEqual(before);
  });

  it('runs migrate when the last applied migration is older than the newest one', async () => {
    const dir = dataDir();
    await (await openPglite(dir)).close();
    const client = await PGlite.create(dir);
    await client.query('UPDATE drizzle.__drizzle_migrations SET created_at = created_at - 1 WHERE created_at = $1', [LAST]);
    await client.close();
    // drizzle applies the newest migration again, whose objects exist: proof that it ran.
    await expect(openPglite(dir)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/^relation "\w+" already exists$/) } });
  });
});

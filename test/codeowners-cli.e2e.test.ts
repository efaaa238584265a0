import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS } from '../src/core/auth/roles.ts';
import { loadCodeowners } from '../src/store/codeowners-settings.ts';
import { teamRows } from '../src/store/event-rows.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import { openPostgres } from '../src/store/open-postgres.ts';
import { lockWorkspace } from '../src/store/record-rows.ts';
import type { Db, EngineKind, Store } from '../src/store/store.ts';
import { ENGINES, POSTGRES_URL } from './support/engines.ts';
import { runCli } from './support/run-cli.ts';
import { MINI_PACK } from './support/workspace.ts';

// Issue 10, point 7: `eos ingest codeowners` writes through src/app (applyCodeowners) like every
// other write: a viewer is refused and nothing is stored; an editor's or admin's lands with its
// audit entries, in a transaction that holds the workspace lock. Real `eos` processes.

const CODEOWNERS = '# default owners\n*  @acme/platform\n/billing/  @acme/payments @alice\n';
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

interface AuditRow {
  readonly actor: string;
  readonly action: string;
  readonly before: unknown;
  readonly after: unknown;
}

describe.each(ENGINES)('eos ingest codeowners writes through the use cases (%s)', (engine: EngineKind) => {
  const dir = mkdtempSync(join(tmpdir(), 'eos-codeowners-'));
  const file = join(dir, 'CODEOWNERS');
  const workspace = `co-${randomUUID().slice(0, 8)}`;
  const env: Record<string, string> = engine === 'postgres' ? { DATABASE_URL: POSTGRES_URL } : { EOS_HOME: join(dir, 'home') };
  const eos = (user: string, ...args: string[]) => runCli([...args, '--workspace', workspace], { ...env, EOS_USER: user });
  /** Opens the store the CLI used (after it exited: PGlite's folder admits one process). */
  const withStore = async <T>(fn: (store: Store) => Promise<T>): Promise<T> => {
    const store = engine === 'postgres' ? await openPostgres(POSTGRES_URL) : await openPglite(join(dir, 'home', 'data'));
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };
  /** The audit trail, newest first. */
  const auditOf = async (): Promise<AuditRow[]> => (json(await eos('root', 'audit', '--json')) as { entries: AuditRow[] }).entries.reverse();

  beforeAll(async () => {
    writeFileSync(file, CODEOWNERS);
    expect((await eos('root', 'init', '--pack', MINI_PACK)).code).toBe(0);
    // No users yet: whoever runs the CLI is a local admin, and adds the three of them.
    for (const [name, role] of [
      ['root', 'admin'],
      ['vic', 'viewer'],
      ['ed', 'editor'],
    ] as const) {
      const added = await eos('root', 'user', 'add', name, '--role', role);
      expect(added.code, added.stderr).toBe(0);
    }
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a viewer with exit 6 (forbidden) and stores nothing: no rules, no team's project, no audit entry", async () => {
    const auditBefore = await auditOf();
    const refused = await eos('vic', 'ingest', 'codeowners', file, '--repo', 'acme/shop', '--json');
    expect(refused.code).toBe(6);
    expect(json(refused)).toEqual({
      error: {
        code: 'forbidden',
        message: `vic has the viewer role and can't ingest CODEOWNERS: writing needs the editor or admin role, or a persona (${PERSONAS.join(', ')})`,
        actor: 'vic',
        role: 'viewer',
        requiredRoles: expect.arrayContaining(['admin', 'editor']),
      },
    });
    await withStore(async (store) => {
      expect(await loadCodeowners(store.db, workspace)).toEqual({});
      expect(await teamRows(store.db, workspace)).toEqual([]);
    });
    expect(await auditOf()).toEqual(auditBefore);
  }, 120_000);

  it("stores an editor's CODEOWNERS with the team settings it implies, audited as the editor", async () => {
    const ok = await eos('ed', 'ingest', 'codeowners', file, '--repo', 'acme/shop', '--project', 'shop', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(json(ok)).toEqual({
      repo: 'acme/shop',
      project: 'shop',
      rules: 2,
      owningTeams: ['platform'],
      teams: [
        { owner: '@acme/payments', team: 'payments', patterns: ['/billing/'] },
        { owner: '@acme/platform', team: 'platform', patterns: ['*'] },
      ],
    });
    const rules = [
      { line: 2, pattern: '*', owners: ['@acme/platform'] },
      { line: 3, pattern: '/billing/', owners: ['@acme/payments', '@alice'] },
    ];
    await withStore(async (store) => {
      expect(await loadCodeowners(store.db, workspace)).toEqual({ 'acme/shop': { project: 'shop', owningTeams: ['platform'], rules } });
      expect((await teamRows(store.db, workspace)).map((t) => [t.team, t.projects])).toEqual([['platform', ['shop']]]);
    });
    const newest = (await auditOf()).slice(0, 2);
    expect(newest).toMatchObject([
      { actor: 'ed', action: 'codeowners.ingest', before: null, after: { repo: 'acme/shop', project: 'shop', owningTeams: ['platform'], rules } },
      { actor: 'ed', action: 'team.settings', before: null, after: { team: 'platform', projects: ['shop'] } },
    ]);
    expect(json(await eos('root', 'audit', 'verify', '--json'))).toMatchObject({ ok: true });
  }, 120_000);

  it("an admin's second ingest of the repo replaces its rules, audited with what they were", async () => {
    writeFileSync(file, '* @acme/platform @acme/infra\n');
    const ok = await eos('root', 'ingest', 'codeowners', file, '--repo', 'acme/shop', '--project', 'shop', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(json(ok)).toMatchObject({ owningTeams: ['infra', 'platform'] });
    const [latest, team] = await auditOf();
    expect(latest).toMatchObject({
      actor: 'root',
      action: 'codeowners.ingest',
      before: { repo: 'acme/shop', owningTeams: ['platform'] },
      after: { repo: 'acme/shop', owningTeams: ['infra', 'platform'], rules: [{ line: 1, pattern: '*', owners: ['@acme/platform', '@acme/infra'] }] },
    });
    // platform already had the project; only infra's settings changed.
    expect(team).toMatchObject({ actor: 'root', action: 'team.settings', before: null, after: { team: 'infra', projects: ['shop'] } });
    writeFileSync(file, CODEOWNERS);
  }, 120_000);

  it.runIf(engine === 'postgres')(
    'waits for the workspace lock: while another transaction holds it, the ingest does not land',
    async () => {
      const store = await openPostgres(POSTGRES_URL);
      try {
        let ingest: ReturnType<typeof eos> | undefined;
        await store.db.transaction(async (tx) => {
          await lockWorkspace(tx as unknown as Db, workspace);
          ingest = eos('ed', 'ingest', 'codeowners', file, '--repo', 'acme/lock', '--json');
          // The CLI's transaction queues on the advisory lock this one holds.
          await waitFor(async () => (await waitingAdvisoryLocks(store.db)) > 0, 60_000);
          expect(await loadCodeowners(store.db, workspace)).not.toHaveProperty(['acme/lock']);
        });
        const done = await ingest;
        expect(done?.code, done?.stderr).toBe(0);
        expect(Object.keys(await loadCodeowners(store.db, workspace)).sort()).toEqual(['acme/lock', 'acme/shop']);
      } finally {
        await store.close();
      }
    },
    120_000,
  );
});

/** Advisory locks someone waits for in this database. */
async function waitingAdvisoryLocks(db: Db): Promise<number> {
  const result = (await db.execute(
    sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`,
  )) as unknown as { rows: { n: number }[] };
  return result.rows[0]?.n ?? 0;
}

async function waitFor(condition: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

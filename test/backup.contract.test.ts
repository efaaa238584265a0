import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../src/app/audit-trail.ts';
import { addUser } from '../src/app/auth/add-user.ts';
import { createToken } from '../src/app/auth/create-token.ts';
import { listUsers } from '../src/app/auth/list-users.ts';
import { logIn } from '../src/app/auth/log-in.ts';
import { revokeToken } from '../src/app/auth/revoke-token.ts';
import { backupWorkspace, restoreWorkspace } from '../src/app/backup.ts';
import { decide } from '../src/app/decide.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { checkSop, readSop } from '../src/app/records/sop-checklist.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import { openSession, type Session } from '../src/app/session.ts';
import { EosError } from '../src/core/errors.ts';
import type { Store } from '../src/store/store.ts';
import { dumpWorkspace } from '../src/store/workspace-dump.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

async function everyRow(store: Store, workspaceId: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  for await (const entry of dumpWorkspace(store.db, workspaceId)) rows.push(entry.table === 'workspaces' ? { ...entry, row: { ...entry.row, workspaceId: undefined } } : entry);
  return rows;
}

describe.each(ENGINES)('backup and restore on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openEngine(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it('round-trips every record, link, pending reference, audit entry, decision, SOP tick, user, session, API token and delivery event exactly', async () => {
    const s = await newWorkspace(store);
    await createRecord(s, {
      database: 'tests',
      set: [
        ['Test ID', 'T-1'],
        ['Results', 'Pass'],
        ['Executed', '2026-01-02T03:04:05.678Z'],
      ],
    });
    const { record } = await createRecord(s, {
      database: 'changes',
      set: [
        ['Title', 'Backed up'],
        ['Verification Needed', 'T-1;T-404'],
        ['Amount Planned', '10'],
        ['Amount Actual', '12.5'],
      ],
    });
    await updateRecord(s, {
      ref: record.key,
      set: [
        ['Risk Level', 'High'],
        ['Impact Analysis', 'Cost;Safety'],
      ],
    });
    await moveRecord(s, { ref: record.key, to: 'Under Review' });
    await checkSop(s, { ref: record.key, step: 2, done: true });
    await createRecord(s, {
      database: 'bom',
      set: [
        ['Part', 'R1'],
        ['Qty', '3'],
        ['Unit Cost', '0.1'],
      ],
    });
    await createRecord(s, {
      database: 'projects',
      set: [
        ['Name', 'P'],
        ['BOM Items', 'R1'],
      ],
    });
    await decide(s, { scope: 'release', action: 'release.go', summary: 'Ship it', rationale: 'all green', record: record.key, evidence: ['https://ci/1'] });
    await ingestEvents(s, {
      commits: [
        { sha: 'c1', repo: 'api', parents: [] },
        { sha: 'f1', repo: 'api', parents: ['c1'], authoredAt: '2026-06-01T08:00:00Z' },
        { sha: 'c2', repo: 'api', parents: ['c1', 'f1'] },
      ],
      pullRequests: [
        {
          id: 'api#7',
          project: 'api',
          repo: 'api',
          author: 'ana',
          createdAt: '2026-06-01T10:00:00Z',
          mergedAt: '2026-06-02T11:00:00Z',
          mergeCommitSha: 'c2',
          commits: [{ sha: 'f1', authoredAt: '2026-06-01T08:00:00Z' }],
          reviews: [{ id: 'r1', author: 'bo', state: 'APPROVED', submittedAt: '2026-06-02T10:00:00Z' }],
        },
      ],
      deployments: [
        {
          id: 'd0',
          project: 'api',
          repo: 'api',
          environment: 'production',
          result: 'success',
          startedAt: '2026-05-30T09:00:00Z',
          finishedAt: '2026-05-30T09:05:00Z',
          commitSha: 'c1',
        },
        {
          id: 'd1',
          project: 'api',
          repo: 'api',
          environment: 'production',
          result: 'success',
          startedAt: '2026-06-03T09:00:00Z',
          finishedAt: '2026-06-03T09:30:00Z',
          commitSha: 'c2',
        },
      ],
      incidents: [{ id: 'inc-1', project: 'api', severity: 'P2', createdAt: '2026-06-03T12:00:00Z', resolvedAt: '2026-06-03T13:30:00Z' }],
    });
    const admin = { name: 'root', role: 'admin' } as const;
    await addUser(s, admin, { name: 'root', role: 'admin', password: 'correct horse battery' });
    await addUser(s, admin, { name: 'ana', role: 'sre' });
    const token = await createToken(s, admin, { user: 'ana', name: 'CI' });
    await createToken(s, admin, { user: 'root' });
    await revokeToken(s, admin, token.id);
    await logIn(s, { username: 'root', password: 'correct horse battery', ip: '127.0.0.1' });

    const file = join(mkdtempSync(join(tmpdir(), 'eos-backup-')), 'ws.eosbak');
    const summary = await backupWorkspace(store, s.workspaceId, file);
    expect(summary.rows).toMatchObject({
      workspaces: 1,
      databases: 5,
      records: 4,
      links: 2,
      unresolved_refs: 1,
      decisions: 1,
      sop_checks: 1,
      users: 2,
      api_tokens: 2,
      sessions: 1,
      delivery_commits: 3,
      delivery_pull_requests: 1,
      delivery_pr_commits: 1,
      delivery_pr_reviews: 1,
      delivery_pr_metrics: 1,
      delivery_deployments: 2,
      delivery_shipped_commits: 2,
      delivery_incidents: 1,
    });
    const target = `${s.workspaceId}-copy`;
    // A new workspace needs no one: whoever can open the store may restore it (as `eos init` creates one).
    const restored = await restoreWorkspace({ store, file, workspace: target, actor: 'tester' });
    expect(restored.rows).toEqual(summary.rows);

    const original = await everyRow(store, s.workspaceId);
    const copy = await everyRow(store, target);
    expect(copy).toHaveLength(original.length);
    expect(copy).toEqual(original);
    const copySession = await openSession({ store, workspaceId: target, actor: 'tester' });
    expect(await verifyAudit(copySession)).toMatchObject({ ok: true, entries: summary.rows.audit, records: summary.rows.records, links: summary.rows.links });
    expect((await readSop(copySession, record.key)).steps.map((step) => step.done)).toEqual([false, true, false]);

    await expect(restoreWorkspace({ store, file, workspace: target, actor: 'root' })).rejects.toThrow(EosError);
    await addUser(copySession, admin, { name: 'extra', role: 'viewer' });
    await expect(restoreWorkspace({ store, file, workspace: target, replace: true, actor: 'root' })).resolves.toMatchObject({ workspace: target });
    expect(await everyRow(store, target)).toEqual(original);
  });

  it('replaces a workspace that has users only for one of its admins (exit 6 for anyone else), and changes nothing when refused', async () => {
    const s = await newWorkspace(store);
    const admin = { name: 'root', role: 'admin' } as const;
    const file = join(mkdtempSync(join(tmpdir(), 'eos-backup-')), 'ws.eosbak');
    await backupWorkspace(store, s.workspaceId, file);
    // Without users, whoever runs the CLI is the local admin (ADR 011): anyone may replace it.
    await expect(restoreWorkspace({ store, file, workspace: s.workspaceId, replace: true, actor: 'anyone' })).resolves.toMatchObject({ workspace: s.workspaceId });
    await addUser(s, admin, { name: 'root', role: 'admin' });
    await addUser(s, admin, { name: 'ed', role: 'editor' });
    const editor = await failure(restoreWorkspace({ store, file, workspace: s.workspaceId, replace: true, actor: 'ed' }));
    expect(editor.toJSON()).toEqual({
      error: {
        code: 'forbidden',
        message: `Only an admin can replace workspace '${s.workspaceId}'; ed has the editor role`,
        actor: 'ed',
        role: 'editor',
        requiredRoles: ['admin'],
      },
    });
    const stranger = await failure(restoreWorkspace({ store, file, workspace: s.workspaceId, replace: true, actor: 'anyone' }));
    expect(stranger.code).toBe('forbidden');
    expect(stranger.message).toBe(`Only an admin can replace workspace '${s.workspaceId}'; anyone is not a user of this workspace (set EOS_USER to an admin's name)`);
    expect((await listUsers(s, admin)).map((u) => u.name)).toEqual(['ed', 'root']);
    await expect(restoreWorkspace({ store, file, workspace: s.workspaceId, replace: true, actor: 'root' })).resolves.toMatchObject({ workspace: s.workspaceId });
    // The backup was taken before there were users: the replaced workspace has none.
    expect(await listUsers(s, admin)).toEqual([]);
  });

  describe('a cut or edited backup is refused with the reason, and nothing is restored', () => {
    const lines = (file: string) =>
      gunzipSync(readFileSync(file))
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== '');
    const rewrite = (file: string, edited: readonly string[]) => {
      const out = `${file}.tampered`;
      writeFileSync(out, gzipSync(`${edited.join('\n')}\n`));
      return out;
    };
    async function backedUp(): Promise<{ s: Session; file: string; original: unknown[] }> {
      const s = await newWorkspace(store);
      const { record } = await createRecord(s, { database: 'changes', set: [['Title', 'Kept']] });
      await moveRecord(s, { ref: record.key, to: 'Under Review' });
      const file = join(mkdtempSync(join(tmpdir(), 'eos-backup-')), 'ws.eosbak');
      await backupWorkspace(store, s.workspaceId, file);
      return { s, file, original: await everyRow(store, s.workspaceId) };
    }
    async function refused(file: string, workspace: string, replace = false): Promise<string> {
      const error = await failure(restoreWorkspace({ store, file, workspace, replace, actor: 'tester' }));
      expect(error.code).toBe('invalid_input');
      return error.message;
    }

    it('cut at a line boundary: no trailer', async () => {
      const { s, file } = await backedUp();
      const all = lines(file);
      const cut = rewrite(file, all.slice(0, 6));
      const target = `${s.workspaceId}-cut`;
      expect(await refused(cut, target)).toBe(`${cut} can't be restored: it ends without its signed trailer, after 5 rows: it was cut. Nothing was restored.`);
      expect(await everyRow(store, target)).toEqual([]);
      expect(await refused(rewrite(file, all.slice(0, -1)), target)).toMatch(/it ends without its signed trailer, after \d+ rows: it was cut\. Nothing was restored\.$/);
    });

    it('cut in the middle of the gzip stream', async () => {
      const { s, file } = await backedUp();
      const bytes = readFileSync(file);
      const cut = `${file}.half`;
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
      expect(await refused(cut, `${s.workspaceId}-half`)).toMatch(/can't be restored: it is cut or damaged after line \d+ \(unexpected end of file\)\. Nothing was restored\.$/);
      expect(await everyRow(store, `${s.workspaceId}-half`)).toEqual([]);
    });

    it('an edited row, with or without the digest recomputed, and a dropped audit entry; replacing keeps the workspace as it was', async () => {
      const { s, file, original } = await backedUp();
      const all = lines(file);
      const at = all.findIndex((l) => l.includes('"Under Review"') && l.startsWith('{"t":"records"'));
      const edited = all.map((l, i) => (i === at ? l.replace('"Under Review"', '"Approved"') : l));
      const editedFile = rewrite(file, edited);
      expect(await refused(editedFile, s.workspaceId, true)).toBe(
        `${editedFile} can't be restored: its rows do not match the digest in its trailer: it was edited after it was written. Nothing was restored.`,
      );
      expect(await everyRow(store, s.workspaceId)).toEqual(original);

      const trailer = JSON.parse(edited.at(-1) as string) as { trailer: { digest: string; rows: Record<string, number>; keyId: string } };
      const body = edited
        .slice(0, -1)
        .map((l) => `${l}\n`)
        .join('');
      trailer.trailer.digest = createHash('sha256').update(body).digest('hex');
      const redigested = rewrite(file, [...edited.slice(0, -1), JSON.stringify(trailer)]);
      expect(await refused(redigested, s.workspaceId, true)).toBe(
        `${redigested} can't be restored: its trailer's signature does not verify with key ${trailer.trailer.keyId}: the trailer was edited. Nothing was restored.`,
      );

      const audit = all.findIndex((l) => l.startsWith('{"t":"audit"'));
      const withoutEntry = all.filter((_, i) => i !== audit + 1);
      const counted = JSON.parse(withoutEntry.at(-1) as string) as { trailer: { digest: string; rows: Record<string, number> } };
      counted.trailer.digest = createHash('sha256')
        .update(
          withoutEntry
            .slice(0, -1)
            .map((l) => `${l}\n`)
            .join(''),
        )
        .digest('hex');
      expect(await refused(rewrite(file, [...withoutEntry.slice(0, -1), JSON.stringify(counted)]), s.workspaceId, true)).toMatch(
        /can't be restored: its audit entry 3 is bad: entry 2 is missing \(found 3 next\)\. Nothing was restored\.$/,
      );
      expect(await everyRow(store, s.workspaceId)).toEqual(original);
      expect(await verifyAudit(s)).toMatchObject({ ok: true });
    });
  });
});

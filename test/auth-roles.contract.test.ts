import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/app/auth/add-user.ts';
import { authenticateSession } from '../src/app/auth/authenticate.ts';
import { createToken } from '../src/app/auth/create-token.ts';
import { listTokens } from '../src/app/auth/list-tokens.ts';
import { listUsers } from '../src/app/auth/list-users.ts';
import { logIn } from '../src/app/auth/log-in.ts';
import { resolveCliActor } from '../src/app/auth/resolve-cli-actor.ts';
import { revokeToken } from '../src/app/auth/revoke-token.ts';
import { updateUser } from '../src/app/auth/update-user.ts';
import { decide } from '../src/app/decide.ts';
import { importCsv } from '../src/app/import/import-csv.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { gateCheck } from '../src/app/records/gate-check.ts';
import { linkRecords } from '../src/app/records/link-records.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import { openSession, type Session } from '../src/app/session.ts';
import type { Role } from '../src/core/auth/roles.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const ENGINEERING_OS = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const SIGNOFFS = fileURLToPath(new URL('./fixtures/packs/signoffs', import.meta.url));
const ADMIN = { name: 'root', role: 'admin' } as const;

function as(s: Session, actor: string, role: Role): Promise<Session> {
  return openSession({ store: s.store, workspaceId: s.workspaceId, actor, role });
}

describe.each(ENGINES)('roles on %s', (engine) => {
  let store: Store;
  let mini: Session;
  let eos: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    mini = await newWorkspace(store);
    eos = await newWorkspace(store, { pack: ENGINEERING_OS });
  });
  afterAll(async () => {
    await store.close();
  });

  describe('a viewer', () => {
    it('reads but is refused every write with forbidden, naming the roles that may write', async () => {
      const { record } = await createRecord(mini, { database: 'changes', set: [['Title', 'Seen by a viewer']] });
      const viewer = await as(mini, 'vic', 'viewer');
      const roles = 'writing needs the editor or admin role, or a persona (business, product, engineering, qa, data, sre)';
      const create = await failure(createRecord(viewer, { database: 'changes', set: [['Title', 'x']] }));
      expect(create.code).toBe('forbidden');
      expect(create.message).toBe(`vic has the viewer role and can't create records: ${roles}`);
      expect(create.details).toEqual({ actor: 'vic', role: 'viewer', requiredRoles: ['admin', 'editor', 'business', 'product', 'engineering', 'qa', 'data', 'sre'] });
      expect((await failure(updateRecord(viewer, { ref: record.key, set: [['Points', '3']] }))).message).toBe(`vic has the viewer role and can't update records: ${roles}`);
      expect((await failure(moveRecord(viewer, { ref: record.key, to: 'Under Review' }))).message).toBe(`vic has the viewer role and can't move records: ${roles}`);
      expect((await failure(linkRecords(viewer, { ref: record.key, field: 'Verification Needed', targets: ['T-1'] }, 'link'))).message).toBe(
        `vic has the viewer role and can't link records: ${roles}`,
      );
      expect((await failure(decide(viewer, { scope: 'release', action: 'release.go', summary: 'no' }))).message).toBe(
        `vic has the viewer role and can't record decisions: ${roles}`,
      );
      expect((await failure(importCsv(viewer, { database: 'changes', file: 'x.csv', text: 'Title\nA\n' }))).message).toBe(
        `vic has the viewer role and can't import records: ${roles}`,
      );
      const check = await gateCheck(viewer, { ref: record.key });
      expect(check.records[0]?.record).toBe(record.key);
    });

    it('every persona writes like an editor', async () => {
      for (const role of ['editor', 'business', 'product', 'engineering', 'qa', 'data', 'sre'] as const) {
        const s = await as(mini, `p-${role}`, role);
        const { record } = await createRecord(s, { database: 'changes', set: [['Title', `by ${role}`]] });
        expect(record.createdBy).toBe(`p-${role}`);
      }
    });
  });

  describe('only sre closes an incident', () => {
    async function readyToClose(key: string): Promise<void> {
      const { record: action } = await createRecord(eos, {
        database: 'action-items',
        set: [
          ['Action', `Follow up ${key}`],
          ['Owner', 'sam'],
          ['Due Date', '2026-02-01'],
        ],
      });
      await createRecord(eos, {
        database: 'incidents',
        set: [
          ['Incident ID', key],
          ['Severity', 'SEV3'],
          ['Start', '2026-01-10T09:00:00Z'],
          ['End', '2026-01-10T10:00:00Z'],
          ['Impact / Symptom', 'slow'],
          ['Fix Applied', 'restart'],
          ['Root Cause', 'leak'],
          ['Follow-ups', 'patch'],
          ['Follow-up Actions', action.key],
        ],
      });
    }

    it('refuses an engineer with forbidden and the role needed, and changes nothing', async () => {
      await readyToClose('INC-R1');
      const bob = await as(eos, 'bob', 'engineering');
      const error = await failure(moveRecord(bob, { ref: 'INC-R1', to: 'Closed' }));
      expect(error.code).toBe('forbidden');
      expect(error.message).toBe('Only sre can move INC-R1 to Closed (gate sre-closes); bob has the engineering role');
      expect(error.details).toEqual({ record: 'INC-R1', from: 'Open', to: 'Closed', gate: 'sre-closes', requiredRoles: ['sre', 'admin'], actor: 'bob', role: 'engineering' });
      const check = await gateCheck(bob, { ref: 'INC-R1' });
      const closed = check.records[0]?.next.find((n) => n.to === 'Closed');
      expect(closed).toMatchObject({ passes: true, requiresRole: [{ gate: 'sre-closes', roles: ['sre'] }], permitted: false });
      expect((await gateCheck(eos, { ref: 'INC-R1' })).records[0]?.status).toBe('Open');
    });

    it('lets an sre (and an admin) close it', async () => {
      await readyToClose('INC-R2');
      const sre = await as(eos, 'sam', 'sre');
      const { record } = await moveRecord(sre, { ref: 'INC-R2', to: 'Closed' });
      expect(record).toMatchObject({ status: 'Closed', updatedBy: 'sam' });
      await readyToClose('INC-R3');
      expect((await moveRecord(eos, { ref: 'INC-R3', to: 'Closed' })).record.status).toBe('Closed');
    });

    it('refuses an import row that closes an incident for a non-sre, naming the role', async () => {
      const bob = await as(eos, 'bob', 'engineering');
      const error = await failure(importCsv(bob, { database: 'incidents', file: 'inc.csv', text: 'Incident ID,Status\nINC-R4,Closed\n' }));
      expect(error.code).toBe('invalid_input');
      expect(error.details.problems).toEqual([
        { row: 2, column: 'Status', value: 'Closed', reason: 'Only sre can move INC-R4 to Closed (gate sre-closes); bob has the engineering role' },
      ]);
    });
  });

  describe('a gate that takes its role from a field of the record (requiresRole: { field })', () => {
    let fixture: Session;
    async function underReview(key: string, approverRole: string): Promise<void> {
      fixture ??= await newWorkspace(store, { pack: SIGNOFFS });
      await createRecord(fixture, {
        database: 'role-approvals',
        set: [
          ['Change ID', key],
          ['Approver Role', approverRole],
        ],
      });
    }

    it('refuses someone of another role, naming the approver role', async () => {
      await underReview('ECR-R1', 'qa');
      const bob = await as(fixture, 'bob', 'engineering');
      const error = await failure(moveRecord(bob, { ref: 'ECR-R1', to: 'Approved' }));
      expect(error.code).toBe('forbidden');
      expect(error.message).toBe('Only the Approver Role of ECR-R1 (qa) can move ECR-R1 to Approved (gate approver); bob has the engineering role');
      expect(error.details).toMatchObject({ gate: 'approver', requiredRoles: ['qa', 'admin'], role: 'engineering' });
    });

    it('lets the named role approve, and a user who holds it among several roles', async () => {
      await underReview('ECR-R2', 'qa');
      const quinn = await as(fixture, 'quinn', 'qa');
      expect((await moveRecord(quinn, { ref: 'ECR-R2', to: 'Approved' })).record.status).toBe('Approved');
      await underReview('ECR-R4', 'qa');
      const ana = await openSession({ store, workspaceId: fixture.workspaceId, actor: 'ana', role: 'editor', roles: ['editor', 'qa'] });
      expect((await moveRecord(ana, { ref: 'ECR-R4', to: 'Approved' })).record.status).toBe('Approved');
    });

    it('refuses everyone but an admin while no approver role is named', async () => {
      await underReview('ECR-R3', '');
      const quinn = await as(fixture, 'quinn', 'qa');
      const error = await failure(moveRecord(quinn, { ref: 'ECR-R3', to: 'Approved' }));
      expect(error.code).toBe('forbidden');
      expect(error.message).toBe('ECR-R3 names no Approver Role, so only an admin can move it to Approved (gate approver); set Approver Role to the role that approves it');
      expect((await moveRecord(fixture, { ref: 'ECR-R3', to: 'Approved' })).record.status).toBe('Approved');
    });
  });

  describe('people and tokens', () => {
    it('only an admin adds or lists users; the first user must be an admin', async () => {
      const s = await newWorkspace(store);
      const first = await failure(addUser(s, ADMIN, { name: 'ed', role: 'editor' }));
      expect(first.code).toBe('invalid_input');
      expect(first.message).toBe(`The first user of workspace '${s.workspaceId}' must be an admin, so someone can manage the others: add ed with --role admin`);
      expect(await addUser(s, ADMIN, { name: 'root', role: 'admin', password: 'a long secret' })).toMatchObject({
        name: 'root',
        role: 'admin',
        hasPassword: true,
        createdBy: 'root',
      });
      await addUser(s, ADMIN, { name: 'ed', role: 'Editor' });
      const editor = { name: 'ed', role: 'editor' } as const;
      const refused = await failure(addUser(s, editor, { name: 'eve', role: 'viewer' }));
      expect(refused.code).toBe('forbidden');
      expect(refused.message).toBe('Only an admin can add users; ed has the editor role');
      expect((await failure(listUsers(s, editor))).message).toBe('Only an admin can list users; ed has the editor role');
      expect((await listUsers(s, ADMIN)).map((u) => [u.name, u.role, u.hasPassword])).toEqual([
        ['ed', 'editor', false],
        ['root', 'admin', true],
      ]);
      expect((await failure(addUser(s, ADMIN, { name: 'x', role: 'boss' }))).message).toBe(
        "'boss' is not a role; use one of admin, editor, viewer, business, product, engineering, qa, data, sre",
      );
      expect((await failure(addUser(s, ADMIN, { name: 'ed', role: 'qa' }))).message).toBe(`There is already a user 'ed' in workspace '${s.workspaceId}'`);
      expect((await failure(addUser(s, ADMIN, { name: 'pat', role: 'qa', password: 'short' }))).message).toBe('The password for pat is too short: use at least 10 characters');
    });

    it('a user creates and revokes their own tokens; only an admin does so for others', async () => {
      const s = await newWorkspace(store);
      await addUser(s, ADMIN, { name: 'root', role: 'admin' });
      await addUser(s, ADMIN, { name: 'vic', role: 'viewer' });
      await addUser(s, ADMIN, { name: 'ed', role: 'editor' });
      const vic = { name: 'vic', role: 'viewer' } as const;
      const own = await createToken(s, vic, { user: 'vic', name: 'laptop' });
      expect(own).toMatchObject({ user: 'vic', name: 'laptop', createdBy: 'vic', lastUsedAt: null, revokedAt: null });
      expect(own.token).toMatch(/^eos_[A-Za-z0-9_-]{43}$/);
      const other = await failure(createToken(s, vic, { user: 'ed' }));
      expect(other.code).toBe('forbidden');
      expect(other.message).toBe('Only an admin can create tokens for other users (ed); vic has the viewer role');
      const eds = await createToken(s, ADMIN, { user: 'ed', name: 'CI' });
      expect((await failure(revokeToken(s, vic, eds.id))).message).toBe(`Only an admin can revoke other users' tokens (${eds.id} belongs to ed); vic has the viewer role`);
      expect((await listTokens(s, vic)).map((t) => t.id)).toEqual([own.id]);
      expect((await listTokens(s, ADMIN)).map((t) => t.id).sort()).toEqual([own.id, eds.id].sort());
      expect((await revokeToken(s, vic, own.id)).revokedAt).not.toBeNull();
      expect((await failure(revokeToken(s, ADMIN, 'nope'))).message).toBe(`There is no API token 'nope' in workspace '${s.workspaceId}'`);
      expect((await failure(createToken(s, ADMIN, { user: 'ghost' }))).code).toBe('not_found');
    });

    it("changes a user's role or password (admins only), ends their sessions, and keeps one admin", async () => {
      const s = await newWorkspace(store);
      await addUser(s, ADMIN, { name: 'root', role: 'admin', password: 'first password' });
      await addUser(s, ADMIN, { name: 'ed', role: 'editor', password: 'first password' });
      const editor = { name: 'ed', role: 'editor' } as const;
      expect((await failure(updateUser(s, editor, { name: 'ed', role: 'admin' }))).message).toBe('Only an admin can change users; ed has the editor role');
      const last = await failure(updateUser(s, ADMIN, { name: 'root', role: 'editor' }));
      expect(last.code).toBe('invalid_input');
      expect(last.message).toBe(`root is the only admin of workspace '${s.workspaceId}'; make someone else an admin first`);
      const session = await logIn(s, { username: 'ed', password: 'first password', ip: '127.0.0.1' });
      expect(await updateUser(s, ADMIN, { name: 'ed', role: 'sre', password: 'second password' })).toMatchObject({ name: 'ed', role: 'sre', hasPassword: true });
      expect((await failure(authenticateSession(s, session.sessionId))).code).toBe('unauthenticated');
      expect((await failure(logIn(s, { username: 'ed', password: 'first password', ip: '127.0.0.1' }))).message).toBe('Wrong username or password');
      expect((await logIn(s, { username: 'ed', password: 'second password', ip: '127.0.0.1' })).user).toEqual({ name: 'ed', role: 'sre', verified: true });
      expect((await failure(updateUser(s, ADMIN, { name: 'ghost', role: 'qa' }))).code).toBe('not_found');
    });

    it('stores only hashes: no password or token appears in the tables', async () => {
      const s = await newWorkspace(store);
      await addUser(s, ADMIN, { name: 'root', role: 'admin', password: 'plain text password' });
      const { token } = await createToken(s, ADMIN, { user: 'root' });
      const users = await store.db.execute<{ password_hash: string }>(`select password_hash from users where workspace_id = '${s.workspaceId}'` as never);
      const tokens = await store.db.execute<{ token_hash: string }>(`select token_hash from api_tokens where workspace_id = '${s.workspaceId}'` as never);
      const hash = (users as unknown as { rows: { password_hash: string }[] }).rows[0]?.password_hash ?? '';
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      expect(hash).not.toContain('plain text password');
      const tokenHash = (tokens as unknown as { rows: { token_hash: string }[] }).rows[0]?.token_hash ?? '';
      expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(tokenHash).not.toContain(token.slice(4));
    });

    it('user and token changes go to the audit trail, without secrets', async () => {
      const s = await newWorkspace(store);
      await addUser(s, ADMIN, { name: 'root', role: 'admin', password: 'secret secret' });
      const t = await createToken(s, ADMIN, { user: 'root', name: 'ci' });
      await revokeToken(s, ADMIN, t.id);
      const rows = (await store.db.execute(
        `select action, actor, after from audit where workspace_id = '${s.workspaceId}' and action not like 'workspace.%' and action not like 'audit.key.%' order by seq` as never,
      )) as unknown as {
        rows: { action: string; actor: string; after: unknown }[];
      };
      expect(rows.rows.map((r) => [r.action, r.actor, r.after])).toEqual([
        ['user.add', 'root', { user: 'root', role: 'admin', password: true }],
        ['token.create', 'root', { token: t.id, user: 'root', name: 'ci' }],
        ['token.revoke', 'root', { token: t.id, revokedAt: expect.any(String) }],
      ]);
    });
  });

  describe('the CLI actor', () => {
    it('is a local admin while the workspace has no users, then the named user, else a guest who only reads', async () => {
      const s = await newWorkspace(store);
      expect(await resolveCliActor(s, 'ana')).toEqual({ name: 'ana', role: 'admin' });
      await addUser(s, ADMIN, { name: 'root', role: 'admin' });
      await addUser(s, ADMIN, { name: 'ana', role: 'qa' });
      expect(await resolveCliActor(s, 'ana')).toEqual({ name: 'ana', role: 'qa' });
      const guest = await resolveCliActor(s, 'mallory');
      expect(guest).toEqual({ name: 'mallory', role: 'viewer', guest: true });
      const session = await openSession({ store, workspaceId: s.workspaceId, actor: guest.name, role: guest.role, guest: true });
      const error = await failure(createRecord(session, { database: 'changes', set: [['Title', 'x']] }));
      expect(error.code).toBe('forbidden');
      expect(error.message).toBe(
        "mallory is not a user of this workspace and can't create records; set EOS_USER to one of its users (eos user list), or ask an admin to add you (eos user add mallory --role editor)",
      );
    });
  });
});

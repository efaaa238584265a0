import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../src/app/audit-trail.ts';
import { addUser } from '../src/app/auth/add-user.ts';
import { createToken } from '../src/app/auth/create-token.ts';
import { cliActor } from '../src/app/auth/resolve-cli-actor.ts';
import { updateUser } from '../src/app/auth/update-user.ts';
import { listDecisions } from '../src/app/decide.ts';
import { importCsv } from '../src/app/import/import-csv.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { getRecord, listRecords } from '../src/app/records/read-records.ts';
import { signRecord } from '../src/app/records/sign-record.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import { openSession, type Session } from '../src/app/session.ts';
import type { Actor, Role } from '../src/core/auth/roles.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const PACK = fileURLToPath(new URL('./fixtures/packs/signoffs', import.meta.url));
const NOW = new Date('2026-03-02T10:00:00.000Z');

/** A session as a user who proved who they are (a web session or a token does; ADR 044). */
function signer(s: Session, name: string, ...roles: Role[]): Promise<Session> {
  return openSession({ store: s.store, workspaceId: s.workspaceId, actor: name, role: roles[0] ?? 'viewer', roles, verified: true, clock: () => NOW });
}

function sessionOf(s: Session, actor: Actor): Promise<Session> {
  return openSession({
    store: s.store,
    workspaceId: s.workspaceId,
    actor: actor.name,
    role: actor.role,
    ...(actor.roles ? { roles: actor.roles } : {}),
    ...(actor.guest ? { guest: true } : {}),
    ...(actor.verified ? { verified: true } : {}),
    clock: () => NOW,
  });
}

const SIGNOFF_REFUSAL =
  "QA Sign-off is a sign-off: it can't be set or cleared as a value, only signed by its role (eos record sign <key> 'QA Sign-off' --verdict go|no_go, POST /api/v1/records/{key}/signoffs, or Sign on the record page)";

describe.each(ENGINES)('sign-offs on %s', (engine) => {
  let store: Store;
  let s: Session;
  let qa: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store, { pack: PACK, actor: 'author', clock: () => NOW });
    qa = await signer(s, 'quinn', 'qa');
  });
  afterAll(async () => {
    await store.close();
  });

  async function review(fields: Record<string, string> = {}): Promise<string> {
    return (await createRecord(s, { database: 'reviews', set: Object.entries({ Title: `Review ${Math.random()}`, Type: 'Standard', ...fields }) })).record.key;
  }

  it('a qa user signs GO: the signature, current, one audit entry and one decision signoff.go', async () => {
    const key = await review({ Notes: 'ready' });
    const { record } = await signRecord(qa, { ref: key, field: 'QA Sign-off', verdict: 'go', note: 'regression suite green' });
    expect(record.version).toBe(2);
    expect(record.updatedBy).toBe('quinn');
    const signature = record.fields['QA Sign-off'] as unknown as Record<string, unknown>;
    expect(signature).toMatchObject({ verdict: 'go', by: 'quinn', role: 'qa', at: NOW.toISOString(), note: 'regression suite green', version: 2, current: true });
    expect(signature.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(signature.asAdmin).toBeUndefined();
    expect((await getRecord(s, key)).fields['QA Sign-off']).toEqual(signature);
    const audit = (await auditTrail(s, { ref: key })).map((e) => e.action);
    expect(audit).toEqual(['record.create', 'record.sign', 'decision.create']);
    const [decision] = await listDecisions(s, { record: key });
    expect(decision).toMatchObject({
      actor: 'quinn',
      action: 'signoff.go',
      scope: 'reviews',
      summary: `quinn signed QA Sign-off of ${key}: GO`,
      rationale: 'regression suite green',
      recordKey: key,
      details: { field: 'QA Sign-off', verdict: 'go', role: 'qa', version: 2 },
    });
  });

  it('a NO-GO is recorded as signoff.no_go and does not pass the gate', async () => {
    const key = await review();
    await signRecord(qa, { ref: key, field: 'QA Sign-off', verdict: 'NO-GO' });
    await signRecord(await signer(s, 'eng', 'engineering'), { ref: key, field: 'Approval', verdict: 'go' });
    expect((await listDecisions(s, { record: key })).map((d) => d.action)).toEqual(['signoff.go', 'signoff.no_go']);
    const error = await failure(moveRecord(s, { ref: key, to: 'Approved' }));
    expect(error.code).toBe('gate_blocked');
    expect((error.details.unmet as { criterion: string }[]).map((u) => u.criterion)).toEqual(['qa']);
  });

  it('only the role signs; an admin may, and the signature and decision say so', async () => {
    const key = await review();
    const editor = await failure(signRecord(await signer(s, 'ed', 'editor', 'sre'), { ref: key, field: 'QA Sign-off', verdict: 'go' }));
    expect(editor.code).toBe('forbidden');
    expect(editor.message).toBe(`Only qa can sign QA Sign-off of ${key}; ed has the editor, sre roles`);
    expect(editor.details).toMatchObject({ requiredRoles: ['qa', 'admin'] });
    const { record } = await signRecord(await signer(s, 'root', 'admin'), { ref: key, field: 'QA Sign-off', verdict: 'go' });
    expect(record.fields['QA Sign-off']).toMatchObject({ by: 'root', role: 'qa', asAdmin: true });
    const [decision] = await listDecisions(s, { record: key });
    expect(decision?.summary).toBe(`root signed QA Sign-off of ${key}: GO as admin (root does not hold qa)`);
    expect(decision?.details).toMatchObject({ asAdmin: true });
  });

  it('a viewer, a guest and an EOS_USER without a token are refused; the refusal names EOS_TOKEN', async () => {
    const key = await review();
    const viewer = await failure(signRecord(await signer(s, 'vic', 'viewer'), { ref: key, field: 'QA Sign-off', verdict: 'go' }));
    expect(viewer.code).toBe('forbidden');
    expect(viewer.message).toMatch(/^vic has the viewer role and can't sign records/);
    const unproved = await openSession({ store, workspaceId: s.workspaceId, actor: 'quinn', role: 'qa', clock: () => NOW });
    const bare = await failure(signRecord(unproved, { ref: key, field: 'QA Sign-off', verdict: 'go' }));
    expect(bare.code).toBe('forbidden');
    expect(bare.message).toBe(
      "quinn can't sign: A signature needs proof of who signs: sign in the web app, call the API with your token, or on the CLI set EOS_TOKEN=<your API token> (create one with: eos token create <you>); EOS_USER alone, which anyone can set, never signs",
    );
    expect(bare.details).toEqual({ actor: 'quinn', needs: 'EOS_TOKEN' });
    expect((await getRecord(s, key)).version).toBe(1);
  });

  it('four-eyes: neither the creator nor the Owner named by distinctFrom may sign', async () => {
    const key = await review({ Owner: 'quinn' });
    const owner = await failure(signRecord(qa, { ref: key, field: 'QA Sign-off', verdict: 'go' }));
    expect(owner.code).toBe('forbidden');
    expect(owner.message).toBe(`quinn is the Owner of ${key}, so someone else must sign QA Sign-off (four-eyes: distinct from Owner)`);
    const creator = await failure(signRecord(await signer(s, 'author', 'qa', 'admin'), { ref: key, field: 'QA Sign-off', verdict: 'go' }));
    expect(creator.message).toBe(`author created ${key}, so someone else must sign QA Sign-off (four-eyes: distinct from createdBy)`);
    await signRecord(await signer(s, 'quentin', 'qa'), { ref: key, field: 'QA Sign-off', verdict: 'go' });
  });

  it('the approval role is fixed by Type in the pack, not chosen by the author', async () => {
    const key = (await createRecord(s, { database: 'reviews', set: [['Title', 'No type yet']] })).record.key;
    const sre = await signer(s, 'sam', 'sre');
    const unset = await failure(signRecord(sre, { ref: key, field: 'Approval', verdict: 'go' }));
    expect(unset.code).toBe('invalid_input');
    expect(unset.message).toBe(`${key} can't be signed for Approval yet: its Type decides who signs, and it is not set; set Type first`);
    await updateRecord(s, { ref: key, set: [['Type', 'Emergency']] });
    const eng = await failure(signRecord(await signer(s, 'eng', 'engineering'), { ref: key, field: 'Approval', verdict: 'go' }));
    expect(eng.message).toBe(`Only sre can sign Approval of ${key}; eng has the engineering role`);
    const { record } = await signRecord(sre, { ref: key, field: 'Approval', verdict: 'go' });
    expect(record.fields.Approval).toMatchObject({ by: 'sam', role: 'sre', current: true });
    // Changing the Type afterwards changes what was signed: the approval is stale.
    await updateRecord(s, { ref: key, set: [['Type', 'Standard']] });
    expect((await getRecord(s, key)).fields.Approval).toMatchObject({ role: 'sre', current: false });
  });

  it('an edit makes a signature stale and the gate sees it unsigned; the move it allows, a formula and another signature do not', async () => {
    const key = await review({ Points: '2' });
    await signRecord(qa, { ref: key, field: 'QA Sign-off', verdict: 'go' });
    const { record: approved } = await signRecord(await signer(s, 'eng', 'engineering'), { ref: key, field: 'Approval', verdict: 'go' });
    // Signing Approval changed the record but not what QA signed.
    expect(approved.fields['QA Sign-off']).toMatchObject({ current: true, version: 2 });
    expect(approved.fields['Double Points']).toBe(4);
    await updateRecord(s, { ref: key, set: [['Notes', 'one more change']] });
    const changed = await getRecord(s, key);
    expect(changed.fields['QA Sign-off']).toMatchObject({ current: false, version: 2 });
    expect(changed.fields.Approval).toMatchObject({ current: false, version: 3 });
    // A list filter sees a stale sign-off as the gate does: unsigned.
    const stillSigned = `record.key == '${key}' && record['QA Sign-off'] != null`;
    expect(await listRecords(s, { database: 'reviews', where: stillSigned })).toEqual([]);
    const blocked = await failure(moveRecord(s, { ref: key, to: 'Approved' }));
    expect((blocked.details.unmet as { criterion: string }[]).map((u) => u.criterion)).toEqual(['qa', 'approval']);
    // Signed again: current, and the move they allow leaves them current.
    await signRecord(qa, { ref: key, field: 'QA Sign-off', verdict: 'go' });
    await signRecord(await signer(s, 'eng', 'engineering'), { ref: key, field: 'Approval', verdict: 'go' });
    const { record: moved } = await moveRecord(s, { ref: key, to: 'Approved' });
    expect(moved.status).toBe('Approved');
    const after = await getRecord(s, key);
    expect(after.fields['QA Sign-off']).toMatchObject({ current: true, version: 5 });
    const listed = await listRecords(s, { database: 'reviews', where: stillSigned });
    expect(listed.map((r) => r.key)).toEqual([key]);
    expect(listed[0]?.fields.Approval).toMatchObject({ current: true });
  });

  it('--set, a create, a PATCH-like update and a CSV import refuse a sign-off with the same clear reason', async () => {
    const key = await review();
    const update = await failure(updateRecord(s, { ref: key, set: [['QA Sign-off', 'go']] }));
    expect(update.code).toBe('invalid_input');
    expect(update.message).toBe(`Can't update ${key}: QA Sign-off="go": ${SIGNOFF_REFUSAL}`);
    const clear = await failure(updateRecord(s, { ref: key, set: [['QA Sign-off', '']] }));
    expect(clear.details.problems).toEqual([{ field: 'QA Sign-off', value: '', reason: SIGNOFF_REFUSAL }]);
    const create = await failure(
      createRecord(s, {
        database: 'reviews',
        set: [
          ['Title', 'x'],
          ['QA Sign-off', 'go'],
        ],
      }),
    );
    expect(create.code).toBe('invalid_input');
    expect(create.message).toContain(SIGNOFF_REFUSAL);
    const csv = await failure(importCsv(s, { database: 'reviews', file: 'reviews.csv', text: 'Title,QA Sign-off\nImported,go\n' }));
    expect(csv.code).toBe('invalid_input');
    expect(csv.message).toBe('reviews.csv: 1 bad value in 1 row; nothing was imported');
    expect(csv.details.problems).toEqual([expect.objectContaining({ row: 2, column: 'QA Sign-off', value: 'go', reason: SIGNOFF_REFUSAL })]);
    expect(await failure(signRecord(qa, { ref: key, field: 'Notes', verdict: 'go' }))).toMatchObject({
      code: 'invalid_input',
      message: `Notes of ${key} is not a sign-off (it is text); its sign-offs: QA Sign-off, Approval`,
    });
    expect(await failure(signRecord(qa, { ref: key, field: 'QA Sign-off', verdict: 'maybe' }))).toMatchObject({
      code: 'invalid_input',
      message: "'maybe' is not a verdict: use go or no_go",
    });
  });

  it('users hold several roles: an editor who is also qa edits and signs; a token proves who they are, EOS_USER does not', async () => {
    const ws = await newWorkspace(store, { pack: PACK, clock: () => NOW });
    const admin = { name: 'root', role: 'admin' } as const;
    await addUser(ws, admin, { name: 'root', role: 'admin' });
    const ana = await addUser(ws, admin, { name: 'ana', roles: ['editor', 'qa'] });
    expect(ana).toMatchObject({ role: 'editor', roles: ['editor', 'qa'] });
    const { token } = await createToken(ws, admin, { user: 'ana', name: 'cli' });
    const byToken = await cliActor(ws, 'whoever', token);
    expect(byToken).toEqual({ name: 'ana', role: 'editor', roles: ['editor', 'qa'], verified: true });
    const byName = await cliActor(ws, 'ana', undefined);
    expect(byName).toEqual({ name: 'ana', role: 'editor', roles: ['editor', 'qa'] });
    const key = (await createRecord(await sessionOf(ws, byToken), { database: 'reviews', set: [['Title', 'Ana edits']] })).record.key;
    // Ana created it, so QA must be someone else: make Bob qa too, by replacing his roles.
    await addUser(ws, admin, { name: 'bob', role: 'editor' });
    expect(await updateUser(ws, admin, { name: 'bob', roles: ['engineering', 'qa'] })).toMatchObject({ role: 'engineering', roles: ['engineering', 'qa'] });
    const bob = await cliActor(ws, 'bob', (await createToken(ws, admin, { user: 'bob', name: 'cli' })).token);
    const { record } = await signRecord(await sessionOf(ws, bob), { ref: key, field: 'QA Sign-off', verdict: 'go' });
    expect(record.fields['QA Sign-off']).toMatchObject({ by: 'bob', role: 'qa' });
    expect((await failure(signRecord(await sessionOf(ws, byName), { ref: key, field: 'Approval', verdict: 'go' }))).details).toEqual({ actor: 'ana', needs: 'EOS_TOKEN' });
    expect((await failure(addUser(ws, admin, { name: 'cy', roles: ['editor', 'wizard'] }))).message).toMatch(/^'wizard' is not a role/);
  });
});

import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../src/app/audit-trail.ts';
import { addUser } from '../src/app/auth/add-user.ts';
import { createToken } from '../src/app/auth/create-token.ts';
import { importCsv } from '../src/app/import/import-csv.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { getRecord, listRecords } from '../src/app/records/read-records.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import { openSession, type Session } from '../src/app/session.ts';
import { createLocalCli, runForwarded } from '../src/cli/local-cli.ts';
import { toEosError } from '../src/core/errors.ts';
import { createAuthPlugin } from '../src/http/auth/auth-plugin.ts';
import { LOCAL_CLI_PATH } from '../src/http/auth/local-cli-route.ts';
import { buildServer } from '../src/http/build-server.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

/*
 * The bypass matrix (issue 10, point 8): every write path that can set a record's status, against
 * every gate kind, asserting the exact refusal and the allowed case. All of them reach the one move
 * check (decideMove, ADR 042), so a row that disagrees is a side door.
 *
 * Each gate kind is one database of test/fixtures/packs/matrix (Open → Ready → Done, gated on
 * Ready → Done) and one row of KINDS below. To add a gate kind:
 *   1. add test/fixtures/packs/matrix/databases/<kind>.yaml with its gate on Ready → Done, and the
 *      kind to the Kind options and onCreate rules of spawn.yaml;
 *   2. add a row to KINDS: the fields (and actor) that leave the gate unmet, those that meet it, and
 *      the refusal expected (`blocked` for criteria, `forbidden` for roles). A gate that reads more
 *      than the record (other records, sign-offs) writes that with `prepare` before the move.
 *
 * Two kinds can't be met by a create into Done, so every create path refuses them exactly twice,
 * and the allowed case is the move:
 * - inverse relation: the records that link a new record link it only once it is saved, and the
 *   gates are decided before: even a backer whose Backs waits, pending, for the new record's title
 *   links it after the walk is refused (the create is all or nothing, so the backer stays pending).
 * - signoff: a sign-off is only signed (ADR 044), on a record that exists; a create can't carry
 *   one. The move is refused with a stale GO (signed, then the record changed) and allowed with a
 *   current GO, signed through POST /records/{key}/signoffs by a qa user with an API token.
 * The web app's move and create run the same table in test/e2e/bypass-matrix-web.test.ts.
 */

const MATRIX_PACK = fileURLToPath(new URL('./fixtures/packs/matrix', import.meta.url));

type Actor = 'ed' | 'quinn';
const ROLES: Record<Actor | 'root', 'admin' | 'editor' | 'qa'> = { root: 'admin', ed: 'editor', quinn: 'qa' };

/** What a refused write says, the record's key written `<key>`, as the API body and the CLI's --json print it. */
interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly [detail: string]: unknown;
}

interface Kind {
  readonly kind: string;
  /** Fields and actor that leave the gate unmet, and those that meet it. */
  readonly refused: { readonly fields: Record<string, string>; readonly actor: Actor };
  readonly allowed: { readonly fields: Record<string, string>; readonly actor: Actor };
  /** The refusal of a move Ready → Done, and of a create straight into Done (the walk from Open). */
  readonly moveRefusal: Refusal;
  readonly createRefusal: Refusal;
  /** A waiver kind: a move offers a waiver, unapproved when refused and approved when allowed. */
  readonly waiver?: true;
  /** Writes, through the use cases, what the gate reads besides the record's fields, before a move: met or not. */
  readonly prepare?: (w: World, key: string, meets: boolean) => Promise<void>;
  /** The same for a create meant to be allowed, by the title it will give the record. */
  readonly prepareCreate?: (w: World, title: string) => Promise<void>;
  /** No write path can create the record with the gate met: the allowed create is refused like the other. */
  readonly createRefused?: true;
}

const DONE = { from: 'Ready', to: 'Done' };

/** A gate with one criterion, `ok`: "Tick OK". */
function criterionKind(kind: string, gate: string, waiver?: true): Kind {
  const unmet = { gate, criterion: 'ok', message: 'Tick OK' };
  return {
    kind,
    refused: { fields: {}, actor: 'ed' },
    allowed: { fields: { OK: 'true' }, actor: 'ed' },
    moveRefusal: {
      code: 'gate_blocked',
      message: "<key> can't move to Done: 1 criterion unmet",
      unmet: [unmet],
      ...(waiver ? { waiver: { key: '<waiver>', problem: "waiver <waiver> is not approved (record.status == 'Approved')" } } : {}),
    },
    createRefusal: { code: 'gate_blocked', message: "<key> can't move to Done: 1 criterion unmet on the way from Open", unmet: [{ ...unmet, step: DONE }] },
    ...(waiver ? { waiver } : {}),
  };
}

/** A gate reserved to roles: refused as ed (editor), `forbidden`. */
function roleKind(kind: string, message: string, refused: Record<string, string>, allowed: { fields: Record<string, string>; actor: Actor }): Kind {
  const refusal = { code: 'forbidden', message, gate: kind, requiredRoles: ['qa', 'admin'], actor: 'ed', role: 'editor' };
  // The walk of a create names the step the role stands on.
  return { kind, refused: { fields: refused, actor: 'ed' }, allowed, moveRefusal: refusal, createRefusal: { ...refusal, step: DONE } };
}

const KINDS: readonly Kind[] = [
  criterionKind('entrance', 'entrance'),
  criterionKind('exit', 'exit'),
  criterionKind('transition', 'transition'),
  roleKind('role', 'Only qa can move <key> to Done (gate role); ed has the editor role', {}, { fields: {}, actor: 'quinn' }),
  roleKind(
    'field-role',
    'Only the Approver Role of <key> (qa) can move <key> to Done (gate field-role); ed has the editor role',
    { 'Approver Role': 'qa' },
    { fields: { 'Approver Role': 'editor' }, actor: 'ed' },
  ),
  criterionKind('waiver', 'waivable', true),
  {
    ...criterionKind('inverse', 'inverse'),
    ...withUnmet('inverse', 'backed', 'Link a backer with OK ticked'),
    // A backer that links the record, OK ticked when it meets the gate; for a create, pending on its title.
    prepare: (w, key, meets) => backer(w, key, meets),
    prepareCreate: (w, title) => backer(w, title, true),
    allowed: { fields: {}, actor: 'ed' },
    createRefused: true,
  },
  {
    ...criterionKind('signoff', 'signoff'),
    ...withUnmet('signoff', 'signed', 'QA signs GO'),
    prepare: async (w, key, meets) => {
      await signGo(w, key);
      // A covered field changed since the signature: it is stale, and the gate sees it unsigned.
      if (!meets) await updateRecord(await w.session('root'), { ref: key, set: [['Approver Role', 'qa']] });
    },
    allowed: { fields: {}, actor: 'ed' },
    createRefused: true,
  },
];

async function backer(w: World, ref: string, ok: boolean): Promise<void> {
  const set = { Title: `backs ${ref}`, Backs: ref, ...(ok ? { OK: 'true' } : {}) };
  await createRecord(await w.session('root'), { database: 'backer', set: Object.entries(set) });
}

/** quinn (qa) signs the record's QA Sign-off GO through the API, the token proving who signs. */
async function signGo(w: World, key: string): Promise<void> {
  const res = await w.app.inject({
    method: 'POST',
    url: `/api/v1/records/${key}/signoffs`,
    headers: { authorization: `Bearer ${w.tokens.get('quinn')}` },
    payload: { field: 'QA Sign-off', verdict: 'go', note: 'matrix' },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().record.fields['QA Sign-off']).toMatchObject({ verdict: 'go', by: 'quinn', role: 'qa', current: true });
}

/** The refusals of a criterion kind whose criterion is not `ok`. */
function withUnmet(gate: string, criterion: string, message: string): Pick<Kind, 'moveRefusal' | 'createRefusal'> {
  const unmet = { gate, criterion, message };
  return {
    moveRefusal: { code: 'gate_blocked', message: "<key> can't move to Done: 1 criterion unmet", unmet: [unmet] },
    createRefusal: { code: 'gate_blocked', message: "<key> can't move to Done: 1 criterion unmet on the way from Open", unmet: [{ ...unmet, step: DONE }] },
  };
}

/** What a write path did: the record it wrote, or its refusal with the key (and waiver key) written `<key>`. */
type Outcome = { readonly ok: true; readonly status: string } | { readonly ok: false; readonly refusal: Refusal | string };

interface World {
  readonly store: Store;
  readonly workspaceId: string;
  readonly app: FastifyInstance;
  readonly localToken: string;
  readonly tokens: ReadonlyMap<string, string>;
  readonly session: (actor: Actor | 'root') => Promise<Session>;
}

function anonymised(body: Record<string, unknown>, waiverKey?: string): Refusal {
  const key = String(body.record ?? '');
  const text = JSON.stringify(body)
    .replaceAll(key, '<key>')
    .replaceAll(waiverKey ?? '\u0000', '<waiver>');
  const { record: _record, to: _to, from: _from, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest as unknown as Refusal;
}

function setArgs(fields: Record<string, string>): string[] {
  return Object.entries(fields).flatMap(([name, value]) => ['--set', `${name}=${value}`]);
}

function csvOf(fields: Record<string, string>): string {
  return `${Object.keys(fields).join(',')}\n${Object.values(fields).join(',')}\n`;
}

/** A write path: creates in Done, or moves a record from Ready to Done (with a waiver, if it takes one). */
interface WritePath {
  readonly name: string;
  readonly create?: (w: World, kind: Kind, actor: Actor, fields: Record<string, string>) => Promise<Outcome>;
  readonly move?: (w: World, kind: Kind, actor: Actor, key: string, fields: Record<string, string>, waiver?: string) => Promise<Outcome>;
  /** Whether its move takes a waiver. */
  readonly waivers?: true;
  /** Whether a refusal comes back as an import row's reason (a string) rather than an error body. */
  readonly asRow?: true;
}

/** The CLI program (commander, runtime, --json printing and exit codes), run in this process as `eos` runs it. */
async function cli(w: World, actor: Actor, argv: string[], waiverKey?: string): Promise<Outcome> {
  const result = await runForwarded(w.store, { argv: [...argv, '--json', '-w', w.workspaceId], actor, cwd: process.cwd() });
  return cliOutcome(result, waiverKey);
}

function cliOutcome(result: { stdout: string; stderr: string; exitCode: number }, waiverKey?: string): Outcome {
  const body = JSON.parse(result.stdout) as { error?: Record<string, unknown>; status?: string };
  if (result.exitCode === 0) return { ok: true, status: String(body.status) };
  const error = body.error ?? {};
  // The exit code is the code's (CONTRACT §2): 3 for a gate, 6 for a role.
  expect(result.exitCode).toBe(error.code === 'gate_blocked' ? 3 : error.code === 'forbidden' ? 6 : -1);
  return { ok: false, refusal: anonymised(error, waiverKey) };
}

async function api(w: World, actor: Actor, url: string, payload: unknown, waiverKey?: string): Promise<Outcome> {
  const res = await w.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${w.tokens.get(actor)}` }, payload: payload as Record<string, unknown> });
  const body = res.json() as { record?: { status: string }; error?: Record<string, unknown> };
  if (res.statusCode < 300) return { ok: true, status: String(body.record?.status) };
  const error = body.error ?? {};
  expect(res.statusCode).toBe(error.code === 'gate_blocked' ? 409 : error.code === 'forbidden' ? 403 : -1);
  return { ok: false, refusal: anonymised(error, waiverKey) };
}

async function imported(w: World, actor: Actor, database: string, fields: Record<string, string>): Promise<Outcome> {
  try {
    const report = await importCsv(await w.session(actor), { database, file: 'matrix.csv', text: csvOf(fields) });
    return { ok: true, status: report.created + report.updated === 1 ? 'Done' : 'nothing written' };
  } catch (error) {
    const problems = toEosError(error).details.problems as { column: string; reason: string }[];
    expect(problems.map((p) => p.column)).toEqual(['Status']);
    // A new row's key is not kept, but a role's refusal names the one it was given.
    return { ok: false, refusal: problems[0]?.reason.replaceAll(/\b[A-Z]{3}-\d{4}\b/g, '<key>') ?? '' };
  }
}

const PATHS: readonly WritePath[] = [
  {
    name: 'CLI',
    create: (w, k, actor, fields) => cli(w, actor, ['record', 'create', k.kind, ...setArgs({ ...fields, Status: 'Done' })]),
    move: (w, _k, actor, key, _f, waiver) => cli(w, actor, ['record', 'move', key, 'Done', ...(waiver ? ['--waiver', waiver] : [])], waiver),
    waivers: true,
  },
  {
    name: 'forwarded CLI',
    create: async (w, k, actor, fields) => forwarded(w, actor, ['record', 'create', k.kind, ...setArgs({ ...fields, Status: 'Done' })]),
    move: async (w, _k, actor, key, _f, waiver) => forwarded(w, actor, ['record', 'move', key, 'Done', ...(waiver ? ['--waiver', waiver] : [])], waiver),
    waivers: true,
  },
  {
    name: 'API',
    create: (w, k, actor, fields) => api(w, actor, '/api/v1/records', { database: k.kind, fields: { ...fields, ...(fields.OK ? { OK: true } : {}), Status: 'Done' } }),
    move: (w, _k, actor, key, _f, waiver) => api(w, actor, `/api/v1/records/${key}/moves`, { to: 'Done', ...(waiver ? { waiver } : {}) }, waiver),
    waivers: true,
  },
  {
    name: 'API bulk move (one record of a list)',
    move: async (w, _k, actor, key) => {
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/records/bulk',
        headers: { authorization: `Bearer ${w.tokens.get(actor)}` },
        payload: { keys: [key], to: 'Done' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const [result] = (res.json() as { results: { ok: boolean; record?: { status: string }; error?: Record<string, unknown> }[] }).results;
      return result?.ok ? { ok: true, status: String(result.record?.status) } : { ok: false, refusal: anonymised(result?.error ?? {}) };
    },
  },
  {
    name: 'CSV bulk path (new rows)',
    create: (w, k, actor, fields) => imported(w, actor, k.kind, { Title: 'imported', ...fields, Status: 'Done' }),
    asRow: true,
  },
  {
    name: 'CSV row path (a re-imported row moves its record)',
    move: (w, k, actor, key, fields) => imported(w, actor, k.kind, { Key: key, ...fields, Status: 'Done' }),
    asRow: true,
  },
  {
    name: 'onCreate',
    create: async (w, k, actor, fields) => {
      const title = fields.Title ?? `spawned ${k.kind} ${++spawned}`;
      try {
        await createRecord(await w.session(actor), { database: 'spawn', set: Object.entries({ ...fields, Title: title, Kind: k.kind }) });
        // The rule created the kind's record, straight into Done.
        const [made] = await listRecords(await w.session('root'), { database: k.kind, where: `record.Title == '${title}'` });
        return { ok: true, status: String(made?.status) };
      } catch (error) {
        return { ok: false, refusal: anonymised({ code: toEosError(error).code, message: toEosError(error).message, ...toEosError(error).details }) };
      }
    },
  },
];

let spawned = 0;
let titled = 0;

/** Forwarded as the `eos` binary forwards to `eos serve`: POST /api/internal/cli with the server's local token. */
async function forwarded(w: World, actor: Actor, argv: string[], waiverKey?: string): Promise<Outcome> {
  const res = await w.app.inject({
    method: 'POST',
    url: LOCAL_CLI_PATH,
    headers: { authorization: `Bearer ${w.localToken}` },
    payload: { argv: [...argv, '--json', '-w', w.workspaceId], actor, cwd: process.cwd() },
  });
  expect(res.statusCode).toBe(200);
  return cliOutcome(res.json(), waiverKey);
}

/** The refusal as an import row states it: the message, then each criterion (with its step on a walk). */
function rowReason(refusal: Refusal, created: boolean): string {
  const unmet = (refusal.unmet as { gate: string; criterion: string; message: string; step?: { from: string; to: string } }[] | undefined) ?? [];
  const subject = created && refusal.code === 'gate_blocked' ? refusal.message.replace('<key>', 'the new record') : refusal.message;
  if (unmet.length === 0) return subject;
  return `${subject}: ${unmet.map((u) => `${u.step ? `${u.step.from} → ${u.step.to}: ` : ''}${u.gate}/${u.criterion}: ${u.message}`).join('; ')}`;
}

function expectedRefusal(path: WritePath, kind: Kind, op: 'create' | 'move', waiverOffered: boolean): Refusal | string {
  const refusal = op === 'create' ? kind.createRefusal : kind.moveRefusal;
  const { waiver: _waiver, ...plain } = refusal;
  const shown = waiverOffered ? refusal : plain;
  return path.asRow ? rowReason(shown as Refusal, op === 'create') : shown;
}

describe.each(ENGINES)('the bypass matrix on %s', (engine) => {
  let w: World;
  let root: Session;
  beforeAll(async () => {
    const store = await openEngine(engine);
    root = await newWorkspace(store, { pack: MATRIX_PACK, actor: 'root' });
    const { workspaceId } = root;
    const tokens = new Map<string, string>();
    const scope = { store, workspaceId };
    for (const [name, role] of Object.entries(ROLES)) {
      await addUser(scope, { name: 'root', role: 'admin' }, { name, role });
      tokens.set(name, (await createToken(scope, { name: 'root', role: 'admin' }, { user: name, name: 'matrix' })).token);
    }
    const localCli = createLocalCli(store);
    const app = await buildServer({ store, workspaceId, auth: createAuthPlugin({ store, workspaceId, localCli }) });
    w = { store, workspaceId, app, localToken: localCli.token, tokens, session: (actor) => openSession({ store, workspaceId, actor, role: ROLES[actor] }) };
  }, 120_000);
  afterAll(async () => {
    await w.app.close();
    await w.store.close();
  });

  /** A record of the kind's database in Ready, with the fields, written by an admin (Open → Ready has no gate). */
  async function readyRecord(kind: Kind, fields: Record<string, string>): Promise<string> {
    const { record } = await createRecord(root, { database: kind.kind, set: Object.entries({ Title: 'to move', ...fields }) });
    await moveRecord(root, { ref: record.key, to: 'Ready' });
    return record.key;
  }

  async function waiverFor(key: string, kind: Kind, approved: boolean): Promise<string> {
    const set = {
      Title: `waive ${key}`,
      'Waived Record': key,
      'Waived Criteria': `${kind.moveRefusal.unmet ? (kind.moveRefusal.unmet as { gate: string }[])[0]?.gate : ''}/ok`,
      Approver: 'root',
      Expires: '2099-12-31',
    };
    return (await createRecord(root, { database: 'waivers', set: Object.entries({ ...set, ...(approved ? { Status: 'Approved' } : {}) }) })).record.key;
  }

  // Comments and watching are write paths too (ADR 072): none of them can set a status, whatever
  // the body says, and each comment is on the record's audit trail.
  const COMMENT_PATHS: readonly { name: string; comment: (key: string, body: string) => Promise<void> }[] = [
    { name: 'CLI', comment: async (key, body) => expect((await cli(w, 'ed', ['comment', key, body])).ok).toBe(true) },
    { name: 'forwarded CLI', comment: async (key, body) => expect((await forwarded(w, 'ed', ['comment', key, body])).ok).toBe(true) },
    {
      name: 'API',
      comment: async (key, body) => {
        const res = await w.app.inject({ method: 'POST', url: `/api/v1/records/${key}/comments`, headers: { authorization: `Bearer ${w.tokens.get('ed')}` }, payload: { body } });
        expect(res.statusCode).toBe(201);
        const watch = await w.app.inject({ method: 'POST', url: `/api/v1/records/${key}/watch`, headers: { authorization: `Bearer ${w.tokens.get('ed')}` } });
        expect(watch.statusCode).toBe(200);
      },
    },
  ];
  for (const path of COMMENT_PATHS) {
    it(`${path.name} · comment and watch · signoff: the record stays in Ready, the comment is audited`, async () => {
      const signoff = KINDS.find((k) => k.kind === 'signoff');
      if (!signoff) throw new Error('the matrix has a signoff kind');
      const key = await readyRecord(signoff, signoff.refused.fields);
      await path.comment(key, 'Status: Done. /move Done');
      expect((await getRecord(root, key)).status).toBe('Ready');
      const trail = await auditTrail(root, { ref: key });
      expect(trail.filter((e) => e.action === 'comment.add').map((e) => [e.actor, (e.after as { body: string }).body])).toEqual([['ed', 'Status: Done. /move Done']]);
    });
  }

  for (const path of PATHS) {
    for (const kind of KINDS) {
      const create = path.create;
      if (create) {
        const outcome = kind.createRefused ? 'refused exactly even with what a move needs' : 'refused exactly, allowed once the gate holds';
        it(`${path.name} · create into Done · ${kind.kind}: ${outcome}`, async () => {
          const refusal = { ok: false, refusal: expectedRefusal(path, kind, 'create', false) };
          expect(await create(w, kind, kind.refused.actor, kind.refused.fields)).toEqual(refusal);
          let allowedFields = kind.allowed.fields;
          if (kind.prepareCreate) {
            // The title the new record will have, prepared for (a pending reference to it, say).
            const Title = `titled ${kind.kind} ${++titled}`;
            await kind.prepareCreate(w, Title);
            allowedFields = { ...allowedFields, Title };
          }
          expect(await create(w, kind, kind.allowed.actor, allowedFields)).toEqual(kind.createRefused ? refusal : { ok: true, status: 'Done' });
        });
      }
      const move = path.move;
      if (move) {
        const waiver = kind.waiver && path.waivers;
        it(`${path.name} · move Ready → Done · ${kind.kind}${waiver ? ' (with a waiver)' : ''}: refused exactly, allowed once the gate holds`, async () => {
          const refusedKey = await readyRecord(kind, kind.refused.fields);
          await kind.prepare?.(w, refusedKey, false);
          const refusedWaiver = waiver ? await waiverFor(refusedKey, kind, false) : undefined;
          expect(await move(w, kind, kind.refused.actor, refusedKey, kind.refused.fields, refusedWaiver)).toEqual({
            ok: false,
            refusal: expectedRefusal(path, kind, 'move', Boolean(waiver)),
          });
          expect((await getRecord(root, refusedKey)).status).toBe('Ready');
          // Allowed: the gate holds (or, for a waiver, an approved one names the unmet criterion).
          const allowedFields = waiver ? kind.refused.fields : kind.allowed.fields;
          const allowedKey = await readyRecord(kind, allowedFields);
          await kind.prepare?.(w, allowedKey, true);
          const allowedWaiver = waiver ? await waiverFor(allowedKey, kind, true) : undefined;
          expect(await move(w, kind, kind.allowed.actor, allowedKey, allowedFields, allowedWaiver)).toEqual({ ok: true, status: 'Done' });
          expect((await getRecord(root, allowedKey)).status).toBe('Done');
        });
      }
    }
  }

  // Archive and restore are write paths that set no status: a record archived through the API and
  // restored through the CLI is where it was, and its gate refuses the move exactly as before.
  for (const kind of KINDS) {
    it(`archive (API) and restore (CLI) · ${kind.kind}: never move the record; the gate still refuses exactly`, async () => {
      const key = await readyRecord(kind, kind.refused.fields);
      await kind.prepare?.(w, key, false);
      const archived = await w.app.inject({ method: 'POST', url: `/api/v1/records/${key}/archive`, headers: { authorization: `Bearer ${w.tokens.get('ed')}` } });
      expect(archived.statusCode, archived.body).toBe(200);
      expect(archived.json().record.status).toBe('Ready');
      const restored = await runForwarded(w.store, { argv: ['record', 'restore', key, '--json', '-w', w.workspaceId], actor: 'ed', cwd: process.cwd() });
      expect(restored.exitCode, restored.stdout).toBe(0);
      expect(JSON.parse(restored.stdout).status).toBe('Ready');
      expect(await PATHS[2]?.move?.(w, kind, kind.refused.actor, key, kind.refused.fields)).toEqual({
        ok: false,
        refusal: expectedRefusal(PATHS[2] as WritePath, kind, 'move', false),
      });
      expect((await getRecord(root, key)).status).toBe('Ready');
    });
  }
});

/*
 * Rituals (docs/rituals.md) are a write path that creates records: the scheduled pass and
 * POST /api/v1/rituals/{id}/run. Neither can set a status: the record is created by createRecordIn
 * in its database's initial status, and every move after it is the one move check's.
 */
describe('the ritual write path (engineering-os, PGlite)', () => {
  it('creates into the initial status only; the API refuses its move past the gate exactly as any move', async () => {
    const store = await openEngine('pglite');
    try {
      const s = await newWorkspace(store, { pack: 'engineering-os', actor: 'root' });
      const tokens = new Map<string, string>();
      for (const [name, role] of [
        ['root', 'admin'],
        ['ed', 'editor'],
      ] as const) {
        await addUser({ store, workspaceId: s.workspaceId }, { name: 'root', role: 'admin' }, { name, role });
        tokens.set(name, (await createToken({ store, workspaceId: s.workspaceId }, { name: 'root', role: 'admin' }, { user: name, name: 'matrix' })).token);
      }
      const app = await buildServer({ store, workspaceId: s.workspaceId, auth: createAuthPlugin({ store, workspaceId: s.workspaceId }) });
      const headers = { authorization: `Bearer ${tokens.get('ed')}` };
      const run = await app.inject({ method: 'POST', url: '/api/v1/rituals/weekly-delivery-review/run', headers, payload: { at: '2026-06-29T09:00:00Z' } });
      expect(run.json().runs.map((r: { record: string; created: boolean }) => [r.record, r.created])).toEqual([['WR-0001', true]]);
      expect((await getRecord(s, 'WR-0001')).status).toBe('Draft');
      const move = await app.inject({ method: 'POST', url: '/api/v1/records/WR-0001/moves', headers, payload: { to: 'Done' } });
      expect([move.statusCode, move.json().error.code, move.json().error.message]).toEqual([409, 'gate_blocked', "WR-0001 can't move to Done: 4 criteria unmet"]);
      expect((move.json().error.unmet as { criterion: string }[]).map((u) => u.criterion)).toEqual(['shipped', 'risks', 'milestone', 'deprioritized']);
      expect((await getRecord(s, 'WR-0001')).status).toBe('Draft');
      await app.close();
    } finally {
      await store.close();
    }
  }, 120_000);
});

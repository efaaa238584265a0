import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, verifyAudit } from '../src/app/audit-trail.ts';
import { readPack } from '../src/app/read-pack.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { gateCheck } from '../src/app/records/gate-check.ts';
import { getRecord, listRecords } from '../src/app/records/read-records.ts';
import { checkSop, readSop } from '../src/app/records/sop-checklist.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import { openSession, type Session } from '../src/app/session.ts';
import { upgradePack } from '../src/app/upgrade-pack.ts';
import { loadPack } from '../src/core/pack/load-pack.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { MINI_PACK, newWorkspace } from './support/workspace.ts';

const NOW = new Date('2026-03-02T09:30:00.000Z');
const STEPS = ['Submit the change with a clear reason and the affected items.', 'Review impact and risk.', 'Verify and close.'];

/** The mini pack with its changes.yaml rewritten by `edit` (and a new version, for upgrades). */
function miniPackWith(edit: (changes: string) => string, version = '1.0.0'): string {
  const dir = mkdtempSync(join(tmpdir(), 'eos-pack-sop-'));
  cpSync(MINI_PACK, dir, { recursive: true });
  writeFileSync(join(dir, 'pack.yaml'), readFileSync(join(dir, 'pack.yaml'), 'utf8').replace('"1.0.0"', `"${version}"`));
  const changes = join(dir, 'databases/changes.yaml');
  writeFileSync(changes, edit(readFileSync(changes, 'utf8')));
  return dir;
}

/** A gate that holds a change in Approved until every step of its SOP is ticked. */
const SOP_GATE = `  - id: sop-done
    into: [Implemented]
    criteria:
      - { id: sop, check: "sop.done == sop.total", message: Tick every SOP step first }
sop:
`;

describe.each(ENGINES)('SOP checklists on %s', (engine) => {
  let store: Store;
  let s: Session;
  let key: string;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store, { clock: () => NOW });
    key = (await createRecord(s, { database: 'changes', set: [['Title', 'Swap C12']] })).record.key;
  });
  afterAll(async () => {
    await store.close();
  });

  const sopEntries = async (ref: string) => (await auditTrail(s, { ref })).filter((e) => e.action.startsWith('record.sop.'));

  it("reads a record's checklist: every step of its database's SOP, none ticked yet", async () => {
    expect(await readSop(s, key)).toEqual({
      record: key,
      database: 'changes',
      steps: STEPS.map((text, i) => ({ step: i + 1, text, done: false, checkedBy: null, checkedAt: null })),
      done: 0,
      total: 3,
    });
  });

  it('ticks a step with who and when, appends one audit entry, and leaves the record at its version', async () => {
    const sop = await checkSop(s, { ref: key, step: 2, done: true });
    expect(sop.done).toBe(1);
    expect(sop.steps[1]).toEqual({ step: 2, text: STEPS[1], done: true, checkedBy: 'tester', checkedAt: NOW.toISOString() });
    expect(await readSop(s, key)).toEqual(sop);
    const record = await getRecord(s, key);
    expect(record.version).toBe(1);
    const entries = await sopEntries(key);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'tester',
      action: 'record.sop.check',
      recordId: record.id,
      recordKey: key,
      database: 'changes',
      at: NOW.toISOString(),
      before: { step: 2, text: STEPS[1], done: false },
      after: { step: 2, text: STEPS[1], done: true },
    });
    expect(await verifyAudit(s)).toMatchObject({ ok: true });
  });

  it('is idempotent: ticking a ticked step, or unticking one nobody ticked, changes nothing and audits nothing', async () => {
    const before = await readSop(s, key);
    expect(await checkSop(s, { ref: key, step: 2, done: true })).toEqual(before);
    expect(await checkSop(s, { ref: key, step: 3, done: false })).toEqual(before);
    expect(await sopEntries(key)).toHaveLength(1);
  });

  it('ticks several steps at once and unticks one, each step that changed audited in order', async () => {
    const sop = await checkSop(s, { ref: key, step: [1, 2, 3], done: true });
    expect(sop.steps.map((x) => x.done)).toEqual([true, true, true]);
    expect(sop.done).toBe(3);
    const unticked = await checkSop(s, { ref: key, step: 2, done: false });
    expect(unticked.steps[1]).toEqual({ step: 2, text: STEPS[1], done: false, checkedBy: null, checkedAt: null });
    expect(unticked.done).toBe(2);
    expect((await sopEntries(key)).map((e) => `${e.action} ${(e.after as { step: number }).step}`)).toEqual([
      'record.sop.check 2',
      'record.sop.check 1',
      'record.sop.check 3',
      'record.sop.uncheck 2',
    ]);
    expect(await verifyAudit(s)).toMatchObject({ ok: true });
  });

  it('refuses a step out of range naming the valid range, and writes nothing of a list with one bad step', async () => {
    const other = (await createRecord(s, { database: 'changes', set: [['Title', 'Range']] })).record.key;
    const nine = await failure(checkSop(s, { ref: other, step: 9, done: true }));
    expect(nine.code).toBe('invalid_input');
    expect(nine.message).toBe("Changes' SOP has 3 steps; step 9 does not exist (give 1 to 3)");
    expect(nine.details).toMatchObject({ record: other, steps: [9], total: 3 });
    const zero = await failure(checkSop(s, { ref: other, step: [1, 0, 4], done: true }));
    expect(zero.message).toBe("Changes' SOP has 3 steps; steps 0, 4 do not exist (give 1 to 3)");
    expect((await readSop(s, other)).done).toBe(0);
    expect(await sopEntries(other)).toEqual([]);
  });

  it('refuses a database without an SOP and an unknown record', async () => {
    const task = (await createRecord(s, { database: 'tasks', set: [['Title', 'No SOP']] })).record.key;
    expect(await readSop(s, task)).toEqual({ record: task, database: 'tasks', steps: [], done: 0, total: 0 });
    const none = await failure(checkSop(s, { ref: task, step: 1, done: true }));
    expect(none.code).toBe('invalid_input');
    expect(none.message).toBe(`Tasks has no SOP, so ${task} has no steps to tick`);
    const missing = await failure(checkSop(s, { ref: 'CHG-9999', step: 1, done: true }));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe("No record has the key or title 'CHG-9999'");
    expect((await failure(readSop(s, 'CHG-9999'))).code).toBe('not_found');
  });

  it('refuses a viewer with forbidden, and the viewer still reads the checklist', async () => {
    const viewer = await openSession({ store, workspaceId: s.workspaceId, actor: 'vic', role: 'viewer' });
    const error = await failure(checkSop(viewer, { ref: key, step: 2, done: true }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe(
      "vic has the viewer role and can't tick SOP steps: writing needs the editor or admin role, or a persona (business, product, engineering, qa, data, sre)",
    );
    expect((await readSop(viewer, key)).done).toBe(2);
  });

  it('shows a step unticked once a pack upgrade rewrites it, and a new tick stores the new text', async () => {
    const ws = await newWorkspace(store, { clock: () => NOW });
    const change = (await createRecord(ws, { database: 'changes', set: [['Title', 'Upgraded']] })).record.key;
    await checkSop(ws, { ref: change, step: [1, 2], done: true });
    const { pack } = readPack(miniPackWith((yaml) => yaml.replace('  - Review impact and risk.', '  - Review impact, risk and cost.'), '1.1.0'));
    await upgradePack(ws, pack);
    const upgraded = await openSession({ store, workspaceId: ws.workspaceId, actor: 'ana', clock: () => NOW });
    const sop = await readSop(upgraded, change);
    expect(sop.steps.map((x) => [x.text, x.done])).toEqual([
      [STEPS[0], true],
      ['Review impact, risk and cost.', false],
      [STEPS[2], false],
    ]);
    expect(sop.done).toBe(1);
    // Unticking the outdated tick is a no-op: nothing that shows changes.
    expect(await checkSop(upgraded, { ref: change, step: 2, done: false })).toEqual(sop);
    const ticked = await checkSop(upgraded, { ref: change, step: 2, done: true });
    expect(ticked.steps[1]).toEqual({ step: 2, text: 'Review impact, risk and cost.', done: true, checkedBy: 'ana', checkedAt: NOW.toISOString() });
    expect(await verifyAudit(upgraded)).toMatchObject({ ok: true });
  });
});

describe.each(ENGINES)('sop in gates on %s', (engine) => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store, { pack: miniPackWith((yaml) => yaml.replace('sop:\n', SOP_GATE)) });
  });
  afterAll(async () => {
    await store.close();
  });

  const approved = async (title: string) => {
    const { record } = await createRecord(s, {
      database: 'changes',
      set: [
        ['Title', title],
        ['Risk Level', 'Low'],
        ['Impact Analysis', 'Quality'],
      ],
    });
    await moveRecord(s, { ref: record.key, to: 'Under Review' });
    await moveRecord(s, { ref: record.key, to: 'Approved' });
    return record.key;
  };

  it('blocks a move until every SOP step is ticked, and gate check reports it without changing anything', async () => {
    const key = await approved('Gated');
    await checkSop(s, { ref: key, step: [1, 2], done: true });
    const blocked = await failure(moveRecord(s, { ref: key, to: 'Implemented' }));
    expect(blocked.code).toBe('gate_blocked');
    expect(blocked.details.unmet).toEqual([{ gate: 'sop-done', criterion: 'sop', message: 'Tick every SOP step first' }]);
    const report = await gateCheck(s, { ref: key });
    expect(report.records[0]?.next.find((n) => n.to === 'Implemented')).toMatchObject({ passes: false, gates: ['sop-done'] });
    await checkSop(s, { ref: key, step: 3, done: true });
    expect((await gateCheck(s, { ref: key })).records[0]?.next.find((n) => n.to === 'Implemented')?.passes).toBe(true);
    expect((await moveRecord(s, { ref: key, to: 'Implemented' })).record.status).toBe('Implemented');
  });

  it('evaluates each record of a database over its own ticks in a gate check of the whole database', async () => {
    const ready = await approved('Ready');
    await checkSop(s, { ref: ready, step: [1, 2, 3], done: true });
    const waiting = await approved('Waiting');
    const report = await gateCheck(s, { database: 'changes' });
    const passes = (key: string) => report.records.find((r) => r.record === key)?.next.find((n) => n.to === 'Implemented')?.passes;
    expect(passes(ready)).toBe(true);
    expect(passes(waiting)).toBe(false);
  });

  it('filters a list by sop (evaluated in memory, since SQL has no checklist)', async () => {
    const keys = (await listRecords(s, { database: 'changes', where: 'sop.done == sop.total' })).map((r) => r.title);
    expect(keys).toEqual(['Gated', 'Ready']);
    expect((await listRecords(s, { database: 'changes', where: 'sop.done / sop.total < 0.5' })).map((r) => r.title)).toEqual(['Waiting']);
  });

  it('refuses a formula that reads sop, and a field of sop that does not exist, at load time', () => {
    const db = (formula: string, check: string) =>
      `id: things\nname: Things\nkey: { prefix: T }\nfields:\n  - { name: Title, type: title }\n  - { name: Progress, type: formula, expr: "${formula}" }\nstatus: { field: Status, values: [Open, Done] }\ngates:\n  - id: g\n    into: [Done]\n    criteria:\n      - { id: c, check: "${check}", message: m }\nsop: [One.]\n`;
    const error = (() => {
      try {
        loadPack([
          { path: 'pack.yaml', text: 'id: p\nname: P\nversion: "1"\n' },
          { path: 'things.yaml', text: db('sop.done / sop.total', 'sop.ticked == 1') },
        ]);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected the pack to be refused');
    })();
    expect(error.message).toContain("formula 'Progress': sop is for gates only (a formula is stored on write; a tick writes no record)");
    expect(error.message).toContain("criterion 'g/c': No such key: ticked");
  });

  it('refuses a formula that calls decided(), and a decided() without a literal action, at load time', () => {
    const db = (formula: string, check: string) =>
      `id: things\nname: Things\nkey: { prefix: T }\nfields:\n  - { name: Title, type: title }\n  - { name: Go, type: formula, expr: "${formula}" }\nstatus: { field: Status, values: [Open, Done] }\ngates:\n  - id: g\n    into: [Done]\n    criteria:\n      - { id: c, check: "${check}", message: m }\n`;
    const error = (() => {
      try {
        loadPack([
          { path: 'pack.yaml', text: 'id: p\nname: P\nversion: "1"\n' },
          { path: 'things.yaml', text: db("decided('release.go')", 'decided(record.Title)') },
        ]);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected the pack to be refused');
    })();
    expect(error.message).toContain("formula 'Go': decided() is for gates only (a formula is stored on write; a decision writes no record)");
    expect(error.message).toContain("criterion 'g/c': decided() takes string literals only, e.g. decided('…')");
  });
});

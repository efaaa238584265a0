import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '../src/app/records/create-record.ts';
import { linkRecords } from '../src/app/records/link-records.ts';
import { getRecord, listRecords } from '../src/app/records/read-records.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { EosError } from '../src/core/errors.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

describe.each(ENGINES)('records on %s', (engine) => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store);
  });
  afterAll(async () => {
    await store.close();
  });

  it('creates a record with a PREFIX-N key, typed fields and version 1', async () => {
    const { record } = await createRecord(s, {
      database: 'changes',
      set: [
        ['Title', 'Swap C12'],
        ['Points', '3'],
        ['Impact Analysis', 'Quality;cost'],
        ['Amount Planned', '$1,000.50'],
        ['Due', 'May 5, 2026'],
        ['Communications Done', 'yes'],
      ],
    });
    expect(record.key).toMatch(/^CHG-\d{4}$/);
    expect(record.status).toBe('Proposed');
    expect(record.version).toBe(1);
    expect(record.createdBy).toBe('tester');
    expect(record.fields).toMatchObject({
      Title: 'Swap C12',
      Points: 3,
      'Impact Analysis': ['Quality', 'Cost'],
      'Amount Planned': 1000.5,
      Due: '2026-05-05',
      'Communications Done': true,
    });
    expect(await getRecord(s, record.key)).toEqual(record);
    expect(await getRecord(s, 'Swap C12')).toEqual(record);
  });

  it('refuses a badly typed value naming the field and the value, and writes nothing', async () => {
    const before = await listRecords(s, { database: 'changes' });
    const error = await failure(
      createRecord(s, {
        database: 'changes',
        set: [
          ['Title', 'Bad'],
          ['Points', 'abc'],
          ['Risk Level', 'Huge'],
        ],
      }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.details.problems).toEqual([
      { field: 'Points', value: 'abc', reason: "'abc' is not a number" },
      { field: 'Risk Level', value: 'Huge', reason: "'Huge' is not an option of Risk Level (Low, Medium, High)" },
    ]);
    expect(error.message).toContain('Points="abc"');
    expect(await listRecords(s, { database: 'changes' })).toHaveLength(before.length);
  });

  it('computes formulas on create and recomputes them on update', async () => {
    const { record } = await createRecord(s, {
      database: 'changes',
      set: [
        ['Title', 'Budget'],
        ['Amount Planned', '100'],
        ['Amount Actual', '120'],
      ],
    });
    expect(record.fields.Variance).toBe(20);
    const { record: updated } = await updateRecord(s, { ref: record.key, set: [['Amount Actual', '90']] });
    expect(updated.fields.Variance).toBe(-10);
    expect(updated.version).toBe(2);
    const { record: cleared } = await updateRecord(s, { ref: record.key, set: [['Amount Actual', '']] });
    expect(cleared.fields.Variance).toBeNull();
    expect('Amount Actual' in cleared.fields).toBe(false);
  });

  it('keeps an unresolved reference and links it when the target appears', async () => {
    const { record, warnings } = await createRecord(s, {
      database: 'changes',
      set: [
        ['Title', 'Needs tests'],
        ['Verification Needed', 'TST-9;TST-10'],
      ],
    });
    expect(record.unresolved).toEqual({ 'Verification Needed': ['TST-9', 'TST-10'] });
    expect(record.fields['Verification Needed']).toBeUndefined();
    expect(warnings).toHaveLength(2);
    await createRecord(s, {
      database: 'tests',
      set: [
        ['Test ID', 'TST-10'],
        ['Results', 'Pass'],
      ],
    });
    const after = await getRecord(s, record.key);
    expect(after.fields['Verification Needed']).toEqual(['TST-10']);
    expect(after.unresolved).toEqual({ 'Verification Needed': ['TST-9'] });
    expect(after.version).toBe(2);
    await createRecord(s, { database: 'tests', set: [['Test ID', 'TST-9']] });
    const done = await getRecord(s, record.key);
    expect(done.fields['Verification Needed']).toEqual(['TST-10', 'TST-9']);
    expect(done.unresolved).toEqual({});
  });

  it('rolls up linked values and follows changes to the linked records', async () => {
    await createRecord(s, {
      database: 'bom',
      set: [
        ['Part', 'MCU'],
        ['Qty', '2'],
        ['Unit Cost', '3.5'],
      ],
    });
    await createRecord(s, {
      database: 'bom',
      set: [
        ['Part', 'PCB'],
        ['Qty', '1'],
        ['Unit Cost', '10'],
      ],
    });
    const { record } = await createRecord(s, {
      database: 'projects',
      set: [
        ['Name', 'Rev A'],
        ['BOM Items', 'MCU;PCB'],
        ['Target Cost', '15'],
      ],
    });
    expect(record.fields).toMatchObject({ 'BOM Cost': 17, 'BOM Cost (CEL)': 17, 'Max Unit Cost': 10, Parts: 2, 'Delta vs Target': 2 });
    await updateRecord(s, { ref: 'MCU', set: [['Qty', '4']] });
    expect((await getRecord(s, 'Rev A')).fields).toMatchObject({ 'BOM Cost': 24, 'BOM Cost (CEL)': 24, 'Delta vs Target': 9 });
    await linkRecords(s, { ref: 'Rev A', field: 'BOM Items', targets: ['PCB'] }, 'unlink');
    expect((await getRecord(s, 'Rev A')).fields).toMatchObject({ 'BOM Items': ['MCU'], 'BOM Cost': 14, Parts: 1 });
  });

  it('a formula over related records follows their moves', async () => {
    await createRecord(s, {
      database: 'bom',
      set: [
        ['Part', 'Diode'],
        ['Qty', '1'],
        ['Unit Cost', '2'],
      ],
    });
    await createRecord(s, {
      database: 'projects',
      set: [
        ['Name', 'Rev D'],
        ['BOM Items', 'Diode'],
      ],
    });
    expect((await getRecord(s, 'Rev D')).fields['Released Parts']).toBe(0);
    await moveRecord(s, { ref: 'Diode', to: 'Released' });
    const project = await getRecord(s, 'Rev D');
    expect(project.fields['Released Parts']).toBe(1);
    expect(project.version).toBe(2);
  });

  it('renaming a title-keyed record updates the keys shown by records that link to it', async () => {
    await createRecord(s, {
      database: 'bom',
      set: [
        ['Part', 'Cap'],
        ['Qty', '1'],
        ['Unit Cost', '1'],
      ],
    });
    await createRecord(s, {
      database: 'projects',
      set: [
        ['Name', 'Rev B'],
        ['BOM Items', 'Cap'],
      ],
    });
    await updateRecord(s, { ref: 'Cap', set: [['Part', 'Capacitor']] });
    expect((await getRecord(s, 'Capacitor')).key).toBe('Capacitor');
    expect((await getRecord(s, 'Rev B')).fields['BOM Items']).toEqual(['Capacitor']);
  });

  it('refuses a stale --if-version with conflict and changes nothing', async () => {
    const { record } = await createRecord(s, { database: 'changes', set: [['Title', 'Versioned']] });
    await updateRecord(s, { ref: record.key, set: [['Points', '1']], ifVersion: 1 });
    const error = await failure(updateRecord(s, { ref: record.key, set: [['Points', '2']], ifVersion: 1 }));
    expect(error.code).toBe('conflict');
    expect(error.details).toMatchObject({ record: record.key, expected: 1, actual: 2 });
    expect((await getRecord(s, record.key)).fields.Points).toBe(1);
  });

  it('loses no update when 20 writers update one record at once', async () => {
    const { record } = await createRecord(s, { database: 'changes', set: [['Title', 'Contended']] });
    const writers = Array.from({ length: 20 }, (_, i) =>
      updateRecord(s, {
        ref: record.key,
        set: [
          ['Rollback Plan', `plan ${i}`],
          ['Points', String(i)],
        ],
      }).then((r) => r.record.version),
    );
    const versions = await Promise.all(writers);
    expect(new Set(versions).size).toBe(20);
    const final = await getRecord(s, record.key);
    expect(final.version).toBe(21);
    // Every writer read the latest version under the lock: the last one to commit wins, and each saw its predecessor.
    const audit = (await import('../src/app/audit-trail.ts')).auditTrail;
    const trail = (await audit(s, { ref: record.key })).filter((e) => e.action === 'record.update');
    expect(trail).toHaveLength(20);
    for (let i = 1; i < trail.length; i++) {
      expect((trail[i]?.before as { version: number } | undefined)?.version).toBe((trail[i - 1]?.after as { version: number } | undefined)?.version);
    }
  });

  it('with --if-version, exactly one of 20 concurrent writers at the same version wins', async () => {
    const { record } = await createRecord(s, { database: 'changes', set: [['Title', 'Race']] });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => updateRecord(s, { ref: record.key, set: [['Points', String(i)]], ifVersion: 1 })));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason instanceof EosError && r.reason.code === 'conflict')).toBe(true);
    expect((await getRecord(s, record.key)).version).toBe(2);
  });

  it('filters with CEL --where, sorts and limits', async () => {
    const ws = await newWorkspace(store);
    for (const [t, p] of [
      ['a', '5'],
      ['b', '1'],
      ['c', '3'],
      ['d', ''],
    ] as const)
      await createRecord(ws, {
        database: 'changes',
        set: [
          ['Title', t],
          ['Points', p],
        ],
      });
    const big = await listRecords(ws, { database: 'changes', where: 'record.Points >= 3', sort: 'Points' });
    expect(big.map((r) => r.title)).toEqual(['c', 'a']);
    const desc = await listRecords(ws, { database: 'changes', sort: '-Points', limit: 2, where: 'record.Points != null' });
    expect(desc.map((r) => r.title)).toEqual(['a', 'c']);
    const error = await failure(listRecords(ws, { database: 'changes', where: 'record.Nope == 1' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain("'record' has no field 'Nope'");
  });
});

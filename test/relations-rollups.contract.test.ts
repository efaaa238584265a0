import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../src/app/import/import-csv.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { linkRecords } from '../src/app/records/link-records.ts';
import { getRecord } from '../src/app/records/read-records.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { EosError } from '../src/core/errors.ts';
import { loadPack } from '../src/core/pack/load-pack.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const TRACES = fileURLToPath(new URL('./fixtures/packs/traces', import.meta.url));

describe.each(ENGINES)('relations into several databases, filtered rollups and lenient cells on %s', (engine) => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store, { pack: TRACES });
  });
  afterAll(async () => {
    await store.close();
  });

  const create = async (database: string, fields: Record<string, string>) => createRecord(s, { database, set: Object.entries(fields) });

  it('a relation into several databases links each reference where it is found, and keeps the rest pending until the record appears', async () => {
    await create('requirements', { 'Req ID': 'R-F-002', Priority: 'Must' });
    await create('requirements', { 'Req ID': 'Primary Bus' }); // same title as the ICD below: `ICD:` keeps them apart
    const { record, warnings } = await create('changes', { Title: 'Sun glare', 'Affected Items': 'R-F-002; ICD:Primary Bus; Test:T-012' });
    expect(record.fields['Affected Items']).toEqual(['R-F-002']);
    expect(record.unresolved).toEqual({ 'Affected Items': ['ICD:Primary Bus', 'Test:T-012'] });
    expect(warnings).toEqual([
      `${record.key}: Affected Items → 'ICD:Primary Bus' names no record in icds yet; it will link when one appears`,
      `${record.key}: Affected Items → 'Test:T-012' names no record in tests yet; it will link when one appears`,
    ]);
    const icd = (await create('icds', { Name: 'Primary Bus' })).record;
    await create('tests', { 'Test ID': 'T-012', Results: 'Fail', Cost: '40' });
    const after = await getRecord(s, record.key);
    expect(after.fields).toMatchObject({ 'Affected Items': ['R-F-002', icd.key, 'T-012'], Linked: 3, 'Passed Tests': 0, 'Failing Cost': 40 });
    expect(after.unresolved).toEqual({});
  });

  it('an untyped reference waits in every target and links in the first database that shows it; a key names its own database', async () => {
    const { record } = await create('changes', { Title: 'Untyped', 'Affected Items': 'T-LATER; ICD-0001' });
    expect(record.fields['Affected Items']).toEqual(['ICD-0001']);
    expect(record.unresolved).toEqual({ 'Affected Items': ['T-LATER'] });
    await create('tests', { 'Test ID': 'T-LATER', Results: 'Pass' });
    expect((await getRecord(s, record.key)).fields).toMatchObject({ 'Affected Items': ['ICD-0001', 'T-LATER'], 'Passed Tests': 1 });
    // The other targets no longer wait for it: a requirement of that name now links nothing more.
    await create('requirements', { 'Req ID': 'T-LATER' });
    expect((await getRecord(s, record.key)).fields['Affected Items']).toEqual(['ICD-0001', 'T-LATER']);
  });

  it('filtered rollups count and sum only the linked records their where keeps, and follow changes to them', async () => {
    await create('tests', { 'Test ID': 'T-R1', Results: 'Pass', Cost: '10' });
    await create('tests', { 'Test ID': 'T-R2', Results: 'Fail', Cost: '25' });
    await create('tests', { 'Test ID': 'T-R3', Results: 'Fail', Cost: '5' });
    await create('requirements', { 'Req ID': 'R-R1', Priority: 'Must' });
    const { record } = await create('changes', { Title: 'Rollups', 'Affected Items': 'T-R1; T-R2; T-R3; R-R1', 'Require Status': 'Approved' });
    expect(record.fields).toMatchObject({ Linked: 4, 'Passed Tests': 1, 'Failing Cost': 30, 'Must Requirements': 0 });
    await updateRecord(s, { ref: 'T-R2', set: [['Results', 'Pass']] });
    await moveRecord(s, { ref: 'R-R1', to: 'Approved' });
    expect((await getRecord(s, record.key)).fields).toMatchObject({ Linked: 4, 'Passed Tests': 2, 'Failing Cost': 5, 'Must Requirements': 1 });
    // `record` in a where is the rolling-up record: changing its own field re-filters.
    await updateRecord(s, { ref: record.key, set: [['Require Status', 'Draft']] });
    expect((await getRecord(s, record.key)).fields['Must Requirements']).toBe(0);
  });

  it('a gate reads records of every target database: fields a database lacks are null', async () => {
    await create('tests', { 'Test ID': 'T-G1', Results: 'Fail' });
    const { record } = await create('changes', { Title: 'Gate', 'Affected Items': 'R-F-002; T-G1' });
    const error = await failure(moveRecord(s, { ref: record.key, to: 'Closed' }));
    expect(error.code).toBe('gate_blocked');
    expect((error.details.unmet as { criterion: string }[]).map((u) => u.criterion)).toEqual(['tests-passed', 'has-test']);
    await updateRecord(s, { ref: 'T-G1', set: [['Results', 'Pass']] });
    expect((await moveRecord(s, { ref: record.key, to: 'Closed' })).record.status).toBe('Closed');
  });

  it('link and unlink work across the targets', async () => {
    const { record } = await create('changes', { Title: 'Links' });
    await linkRecords(s, { ref: record.key, field: 'Affected Items', targets: ['Req:R-F-002', 'T-R1', 'ICD:Nowhere'] }, 'link');
    const linked = await getRecord(s, record.key);
    expect(linked.fields['Affected Items']).toEqual(['R-F-002', 'T-R1']);
    expect(linked.unresolved).toEqual({ 'Affected Items': ['ICD:Nowhere'] });
    await linkRecords(s, { ref: record.key, field: 'Affected Items', targets: ['T-R1'] }, 'unlink');
    expect((await getRecord(s, record.key)).fields['Affected Items']).toEqual(['R-F-002']);
    await linkRecords(s, { ref: record.key, field: 'Affected Items', targets: ['Req:R-F-002', 'ICD:Nowhere'] }, 'unlink');
    expect(await getRecord(s, record.key)).toMatchObject({ unresolved: {} });
    expect((await getRecord(s, record.key)).fields['Affected Items']).toBeUndefined();
  });

  it('import links references into several databases in bulk, and pending ones resolve later', async () => {
    const report = await importCsv(s, {
      database: 'changes',
      file: 'changes.csv',
      text: 'Title,Affected Items\nBulk A,"R-F-002; ICD:Later Bus"\nBulk B,"T-R1; Req:R-BULK"\n',
    });
    expect(report).toMatchObject({ created: 2, problems: [] });
    expect(await getRecord(s, 'Bulk A')).toMatchObject({ fields: { 'Affected Items': ['R-F-002'] }, unresolved: { 'Affected Items': ['ICD:Later Bus'] } });
    const icd = (await create('icds', { Name: 'Later Bus' })).record;
    await create('requirements', { 'Req ID': 'R-BULK' });
    expect(await getRecord(s, 'Bulk A')).toMatchObject({ fields: { 'Affected Items': ['R-F-002', icd.key] }, unresolved: {} });
    expect(await getRecord(s, 'Bulk B')).toMatchObject({ fields: { 'Affected Items': ['T-R1', 'R-BULK'], 'Passed Tests': 1 }, unresolved: {} });
  });

  it('import reads an amount with a note, percentage points and a column that holds two fields, with a warning for each recovery', async () => {
    const report = await importCsv(s, {
      database: 'changes',
      file: 'cells.csv',
      text: 'Title,Price,Yield,Share,Owner / Due\nCells A,"$12.40 (display)",90,0.25,ana/2025-03-15\nCells B,7,95%,25%,2025-02-05\n',
    });
    expect(report).toMatchObject({ created: 2, problems: [] });
    expect(report.warnings).toEqual([
      `row 2: Price: took 12.4 from "$12.40 (display)"; the cell is kept in Price Note`,
      `row 3: column 'Owner / Due' "2025-02-05" names fewer parts than Owner, Due; read as Due="2025-02-05"`,
    ]);
    expect((await getRecord(s, 'Cells A')).fields).toMatchObject({ Price: 12.4, 'Price Note': '$12.40 (display)', Yield: 0.9, Share: 0.25, Owner: 'ana', Due: '2025-03-15' });
    const b = await getRecord(s, 'Cells B');
    expect(b.fields).toMatchObject({ Price: 7, Yield: 0.95, Share: 0.25, Due: '2025-02-05' });
    expect(b.fields.Owner).toBeUndefined();
    expect(b.fields['Price Note']).toBeUndefined();
    const bad = await failure(importCsv(s, { database: 'changes', file: 'bad.csv', text: 'Title,Price\nCells C,display only\n' }));
    expect(bad.details.problems).toEqual([{ row: 2, column: 'Price', value: 'display only', reason: "'display only' is not a number (no amount in it)" }]);
  });
});

describe('loading relations into several databases and filtered rollups', () => {
  const problems = (yaml: string): string[] => {
    try {
      loadPack([
        { path: 'pack.yaml', text: 'id: p\nname: P\nversion: "1"\n' },
        {
          path: 'databases/a.yaml',
          text: 'id: a\nname: A\nkey: { prefix: A }\nfields:\n  - { name: T, type: title }\n  - { name: Size, type: number }\nstatus: { field: Status, values: [X, Y] }\n',
        },
        { path: 'databases/b.yaml', text: yaml },
      ]);
    } catch (error) {
      if (error instanceof EosError) return (error.details.problems as { message: string }[]).map((p) => p.message);
      throw error;
    }
    return [];
  };

  it('refuses a missing target, a label naming no target, a rollup field no target has and a where over an unknown field', () => {
    expect(
      problems(`id: b
name: B
key: { prefix: B }
fields:
  - { name: T, type: title }
  - { name: Parts, type: relation, to: [a, nowhere], refTypes: { Z: zed } }
  - { name: Ok, type: relation, to: [a, b], refTypes: { A: a } }
  - { name: Total, type: rollup, relation: Ok, field: Weight, aggregate: sum }
  - { name: Big, type: rollup, relation: Ok, aggregate: count, where: "r.Colour == 'red'" }
  - { name: Fine, type: rollup, relation: Ok, field: Size, aggregate: sum, where: "r.Size > 2 && record.T != ''" }
  - { name: Odd, type: number, where: "true", points: true }
status: { field: Status, values: [X, Y] }
`),
    ).toEqual([
      "relation 'Parts' points to a missing database 'nowhere'",
      "reference label 'Z' of 'Parts' names 'zed', which is not one of its targets (a, nowhere)",
      "rollup 'Total': a, b have no field 'Weight'",
      "'points' is for percent fields; 'Odd' is number",
      "'where' is for rollups; 'Odd' is number",
      "rollup 'Big' where: 'r' has no field 'Colour' (database a|b has: T, Size, Parts, Ok, Total, Big, Fine, Odd)",
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../src/app/audit-trail.ts';
import { importCsv } from '../src/app/import-csv.ts';
import { getRecord, listRecords } from '../src/app/read-records.ts';
import type { Session } from '../src/app/session.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const GOOD =
  '\ufeffTitle,Points,Impact Analysis,Amount Planned,Due,Status,Notes\r\n"Swap C12, rev B",3,"Quality, Cost","$1,200.50",May 5 2026,Proposed,ignored\r\n"Multi\nline title",1,Schedule,10,2026-01-02,Proposed,\r\n';

describe.each(ENGINES)('CSV import on %s', (engine) => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it('imports typed values in one go, and re-importing changes nothing', async () => {
    s = await newWorkspace(store);
    const report = await importCsv(s, { database: 'changes', file: 'good.csv', text: GOOD });
    expect(report).toMatchObject({ rows: 2, created: 2, updated: 0, unchanged: 0, skipped: 0, problems: [] });
    expect(report.warnings).toEqual(["column 'Notes' matches no field of Changes and is ignored (map it with --map 'Notes=Field')"]);
    const [first] = await listRecords(s, { database: 'changes', sort: 'key' });
    expect(first?.fields).toMatchObject({ Title: 'Swap C12, rev B', Points: 3, 'Impact Analysis': ['Quality', 'Cost'], 'Amount Planned': 1200.5, Due: '2026-05-05' });
    expect((await getRecord(s, 'Multi\nline title')).fields.Points).toBe(1);
    const again = await importCsv(s, { database: 'changes', file: 'good.csv', text: GOOD });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await listRecords(s, { database: 'changes' })).toHaveLength(2);
  });

  it('reports every bad cell with row, column, value and reason, and writes nothing', async () => {
    const ws = await newWorkspace(store);
    const auditBefore = (await auditTrail(ws)).length;
    const text = 'Title,Points,Risk Level,Due\nok,1,Low,2026-01-01\nbad,abc,Huge,2026-02-30\nworse,,Low,tomorrow\n';
    const error = await failure(importCsv(ws, { database: 'changes', file: 'bad.csv', text }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('bad.csv: 4 bad values in 2 rows; nothing was imported');
    expect(error.details.problems).toEqual([
      { row: 3, column: 'Points', value: 'abc', reason: "'abc' is not a number" },
      { row: 3, column: 'Risk Level', value: 'Huge', reason: "'Huge' is not an option of Risk Level (Low, Medium, High)" },
      { row: 3, column: 'Due', value: '2026-02-30', reason: "'2026-02-30' is not a date (write YYYY-MM-DD)" },
      { row: 4, column: 'Due', value: 'tomorrow', reason: "'tomorrow' is not a date (write YYYY-MM-DD)" },
    ]);
    expect(await listRecords(ws, { database: 'changes' })).toHaveLength(0);
    expect(await auditTrail(ws)).toHaveLength(auditBefore);
  });

  it('--skip-invalid imports the good rows and returns the bad ones as an errors CSV', async () => {
    const ws = await newWorkspace(store);
    const text = 'Title,Points\nok,1\nbad,abc\n';
    const report = await importCsv(ws, { database: 'changes', file: 'mixed.csv', text, skipInvalid: true });
    expect(report).toMatchObject({ created: 1, skipped: 1 });
    expect(report.errorsCsv).toBe("Title,Points,eos_error\nbad,abc,Points: 'abc' is not a number\n");
    expect((await listRecords(ws, { database: 'changes' })).map((r) => r.title)).toEqual(['ok']);
  });

  it('--dry-run reports what would happen and writes nothing', async () => {
    const ws = await newWorkspace(store);
    const report = await importCsv(ws, { database: 'changes', file: 'good.csv', text: GOOD, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, created: 2 });
    expect(await listRecords(ws, { database: 'changes' })).toHaveLength(0);
  });

  it('a status in the file goes through the gates', async () => {
    const ws = await newWorkspace(store);
    const text = 'Title,Status,Rollback Plan\nclosed early,Closed,\n';
    const error = await failure(importCsv(ws, { database: 'changes', file: 'gated.csv', text }));
    const [problem] = error.details.problems as { row: number; column: string; value: string; reason: string }[];
    expect(problem).toMatchObject({ row: 2, column: 'Status', value: 'Closed' });
    expect(problem?.reason).toContain("CHG-0001 can't move to Closed: 3 criteria unmet: close/rollback: Write a rollback plan");
  });

  it('links references across rows and keeps those that name nothing', async () => {
    const ws = await newWorkspace(store);
    await importCsv(ws, { database: 'changes', file: 'c.csv', text: 'Title,Verification Needed\nneeds,"T-1; T-2"\n' });
    await importCsv(ws, { database: 'tests', file: 't.csv', text: 'Test ID,Results\nT-1,Pass\n' });
    const record = await getRecord(ws, 'needs');
    expect(record.fields['Verification Needed']).toEqual(['T-1']);
    expect(record.unresolved).toEqual({ 'Verification Needed': ['T-2'] });
  });

  it('matches rows by their ID column on re-import and updates changed ones', async () => {
    const ws = await newWorkspace(store);
    await importCsv(ws, { database: 'changes', file: 'a.csv', text: 'ID,Title,Points\nX-1,first,1\nX-2,second,2\n' });
    const report = await importCsv(ws, { database: 'changes', file: 'a.csv', text: 'ID,Title,Points\nX-1,first,1\nX-2,second,5\n' });
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await getRecord(ws, 'second')).fields.Points).toBe(5);
    expect(await listRecords(ws, { database: 'changes' })).toHaveLength(2);
  });
});

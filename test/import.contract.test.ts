import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../src/app/audit-trail.ts';
import { importCsv } from '../src/app/import/import-csv.ts';
import { getRecord, listRecords } from '../src/app/records/read-records.ts';
import type { Session } from '../src/app/session.ts';
import { recordBySourceRef } from '../src/store/record-rows.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const IMPORTS_PACK = fileURLToPath(new URL('./fixtures/packs/imports', import.meta.url));

// A Spanish Jira export: localized headers, Labels (Etiquetas) ×5, two comments, a localized
// month and a numeric date whose day (16) shows the file writes the day first.
const JIRA_ES = [
  'Resumen,Clave de incidencia,Tipo de Incidencia,Estado,Persona asignada,Creada,Resuelta,Etiquetas,Etiquetas,Etiquetas,Etiquetas,Etiquetas,Comentario,Comentario',
  'Arreglar el login,PRJ-7,Task,Done,Ana Pérez,10/nov/25 4:51 PM,16/02/2026 15:26,backend,api,,urgent,,"10/nov/25 5:02 PM;712020:aa;Revisado; listo","16/Feb/26 3:29 PM;;Cerrado\ncon nota"',
  'Otra,PRJ-8,Bug,To Do,,32/nov/25 1:00 PM,,ui,,,,,,',
].join('\r\n');

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
    expect(problem?.reason).toBe(
      "the new record can't move to Closed: 5 criteria unmet on the way from Proposed: Under Review → Approved: review-exit/risk-level: Set a Risk Level; " +
        'Under Review → Approved: review-exit/impact: Impact Analysis must name at least one area; Approved → Closed: close/rollback: Write a rollback plan; ' +
        'Approved → Closed: close/comms: Tick Communications Done; Approved → Closed: close/verified: Every linked test must pass',
    );
  });

  it('links references across rows and keeps those that name nothing', async () => {
    const ws = await newWorkspace(store);
    await importCsv(ws, { database: 'changes', file: 'c.csv', text: 'Title,Verification Needed\nneeds,"T-1; T-2"\n' });
    await importCsv(ws, { database: 'tests', file: 't.csv', text: 'Test ID,Results\nT-1,Pass\n' });
    const record = await getRecord(ws, 'needs');
    expect(record.fields['Verification Needed']).toEqual(['T-1']);
    expect(record.unresolved).toEqual({ 'Verification Needed': ['T-2'] });
  });

  it("links an export's own references by the IDs its rows were imported under, in the same file and in a later one", async () => {
    const ws = await newWorkspace(store);
    // The tasks database keys its records T-1, T-2…; the export calls them LIN-1, LIN-2….
    const first = await importCsv(ws, {
      database: 'tasks',
      file: 'linear.csv',
      text: 'ID,Title,Blocked By\nLIN-1,Set up the queue,\nLIN-2,Retry failed sends,LIN-1\nLIN-3,Alert on dead letters,"LIN-2; LIN-9"\n',
      idColumn: 'ID',
    });
    expect(first).toMatchObject({ created: 3 });
    const [one, two, three] = await Promise.all(['Set up the queue', 'Retry failed sends', 'Alert on dead letters'].map((t) => getRecord(ws, t)));
    expect(two?.fields['Blocked By']).toEqual([one?.key]);
    expect(three?.fields['Blocked By']).toEqual([two?.key]);
    expect(three?.unresolved).toEqual({ 'Blocked By': ['LIN-9'] });
    await importCsv(ws, { database: 'tasks', file: 'later.csv', text: 'ID,Title\nLIN-9,Dead-letter queue\n', idColumn: 'ID' });
    const nine = await getRecord(ws, 'Dead-letter queue');
    const after = await getRecord(ws, 'Alert on dead letters');
    expect(after.fields['Blocked By']).toEqual([two?.key, nine.key]);
    expect(after.unresolved).toEqual({});
  });

  it('matches rows by their ID column on re-import and updates changed ones', async () => {
    const ws = await newWorkspace(store);
    await importCsv(ws, { database: 'changes', file: 'a.csv', text: 'ID,Title,Points\nX-1,first,1\nX-2,second,2\n' });
    const report = await importCsv(ws, { database: 'changes', file: 'a.csv', text: 'ID,Title,Points\nX-1,first,1\nX-2,second,5\n' });
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await getRecord(ws, 'second')).fields.Points).toBe(5);
    expect(await listRecords(ws, { database: 'changes' })).toHaveLength(2);
  });

  it('Jira in Spanish: headers read as English, the Etiquetas copies as one list, comments split, dates in --timezone; a bad date names its column as written', async () => {
    const ws = await newWorkspace(store, { pack: IMPORTS_PACK });
    const input = { database: 'issues', file: 'jira-es.csv', text: JIRA_ES, timeZone: 'Europe/Madrid', skipInvalid: true };
    const report = await importCsv(ws, input);
    expect(report).toMatchObject({ format: 'jira', rows: 2, created: 1, skipped: 1 });
    expect(report.formatReason).toBe('detected: Clave de incidencia (Issue key), Resumen (Summary), 5 repeated Etiquetas columns, 2 repeated Comentario columns');
    expect(report.problems).toEqual([
      { row: 3, column: 'Creada', value: '32/nov/25 1:00 PM', reason: "'32/nov/25 1:00 PM' is not a date as Jira writes one (dd/MMM/yy h:mm a, or dd/MM/yyyy HH:mm)" },
    ]);
    expect(report.errorsCsv?.split('\n')[0]).toBe(
      'Resumen,Clave de incidencia,Tipo de Incidencia,Estado,Persona asignada,Creada,Resuelta,Etiquetas,Etiquetas,Etiquetas,Etiquetas,Etiquetas,Comentario,Comentario,eos_error',
    );
    const issue = await recordBySourceRef(ws.store.db, ws.workspaceId, 'issues', 'id:PRJ-7');
    expect(issue).toMatchObject({ title: 'Arreglar el login', status: 'Done' });
    expect(issue?.fields).toMatchObject({
      'Issue Type': 'Task',
      Assignee: 'Ana Pérez',
      Created: '2025-11-10T15:51:00.000Z',
      Resolved: '2026-02-16T14:26:00.000Z',
      Labels: ['backend', 'api', 'urgent'],
      Comment: '2025-11-10 17:02 712020:aa: Revisado; listo\n\n2026-02-16 15:29: Cerrado\ncon nota',
    });
    expect(await importCsv(ws, input)).toMatchObject({ created: 0, updated: 0, unchanged: 1, skipped: 1 });
  });

  it("Linear's quote before + - = @ is taken off, and --value reads a status as the database's", async () => {
    const ws = await newWorkspace(store, { pack: IMPORTS_PACK });
    const text = '"ID","Team","Title","Status","Created","Updated"\n"ENG-1","Eng","\'@here look at \'=this","Todo","Tue Aug 23 2022 13:54:01 GMT+0200 (CEST)",\n';
    const report = await importCsv(ws, { database: 'issues', file: 'linear.csv', text, values: [{ column: 'status', from: 'todo', to: 'Backlog' }] });
    expect(report).toMatchObject({ format: 'linear', created: 1 });
    const issue = await recordBySourceRef(ws.store.db, ws.workspaceId, 'issues', 'id:ENG-1');
    expect(issue).toMatchObject({ title: "@here look at '=this", status: 'Backlog', fields: { Team: 'Eng', Created: '2022-08-23T11:54:01.000Z' } });
  });

  it('a Notion range fills the field its column maps to with the start, and Column.end with the end', async () => {
    const ws = await newWorkspace(store);
    const text = '\ufeffTitle,When,Done\r\nSwap,"May 5, 2025 → May 9, 2025",Yes\r\nKeep,"May 6, 2025",No';
    const map = { When: 'Due', 'When.end': 'Expires', Done: 'Communications Done' };
    const report = await importCsv(ws, { database: 'changes', file: 'Plan 249c7e7ecbd281be874af38d9ced3f5b.csv', text, map });
    expect(report).toMatchObject({ format: 'notion', created: 2, unmapped: [] });
    expect((await getRecord(ws, 'Swap')).fields).toMatchObject({ Due: '2025-05-05', Expires: '2025-05-09', 'Communications Done': true });
    expect((await getRecord(ws, 'Keep')).fields).toMatchObject({ Due: '2025-05-06', 'Communications Done': false });
    expect((await getRecord(ws, 'Keep')).fields.Expires).toBeUndefined();
  });

  it("--map 'Column=' leaves a column out without a warning; bad --value and --timezone are refused, naming what to write", async () => {
    const ws = await newWorkspace(store);
    const left = await importCsv(ws, { database: 'changes', file: 'a.csv', text: 'Title,Notes\nx,y\n', map: { Notes: '' } });
    expect(left).toMatchObject({ created: 1, warnings: [], unmapped: [] });
    const value = await failure(importCsv(ws, { database: 'changes', file: 'a.csv', text: 'Title\nx\n', values: [{ column: 'State', from: 'a', to: 'b' }] }));
    expect(value.message).toBe("--value names a column 'State' that a.csv does not have");
    const zone = await failure(importCsv(ws, { database: 'changes', file: 'a.csv', text: 'Title\nx\n', timeZone: 'CEST' }));
    expect(zone).toMatchObject({ code: 'invalid_input', message: "--timezone 'CEST' is not an IANA time zone (write e.g. UTC, Europe/Madrid or America/New_York)" });
  });
});

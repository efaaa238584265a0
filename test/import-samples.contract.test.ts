import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCsv } from '../src/app/import/csv-table.ts';
import { type ImportInput, type ImportReport, importCsv } from '../src/app/import/import-csv.ts';
import { getRecord, listRecords } from '../src/app/records/read-records.ts';
import type { Session } from '../src/app/session.ts';
import type { StoredRecord } from '../src/core/records/eos-record.ts';
import { recordBySourceRef } from '../src/store/record-rows.ts';
import type { Store } from '../src/store/store.ts';
import { PACK } from './engineering-os/pack-harness.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { runCli } from './support/run-cli.ts';
import { newWorkspace } from './support/workspace.ts';

const SAMPLES = fileURLToPath(new URL('../../shared/samples', import.meta.url));
const IMPORTS_PACK = fileURLToPath(new URL('./fixtures/packs/imports', import.meta.url));

const ROADMAP = 'notion/tana-roadmap/Road map database with views 2498779374c480b6a983fafdfd29e009';
const TEAM = 'notion/tana-roadmap/Team members (database) 2498779374c4803c9879ea442c11d45b';
const LINEAR = 'linear/shortcut-repl__linear-export.csv';
const JIRA = 'jira/planeso-jira-migration__Jira.csv';

/** Every Notion CSV of the samples, with the database of the imports pack it goes into, in an order that links both ways. */
const NOTION: readonly (readonly [string, string])[] = [
  ['team-members', `${TEAM}_all.csv`],
  ['roadmap', `${ROADMAP}_all.csv`],
  ['para-areas', 'notion/tana-para/Areas Resources [PARA] 249c7e7ecbd2817fb0e3e620ad83e897.csv'],
  ['para-notes', 'notion/tana-para/Notes [PARA] 249c7e7ecbd28189bb29cf62d4ad9755.csv'],
  ['para-projects', 'notion/tana-para/Projects [PARA] 249c7e7ecbd28133b328fdc027ab95d7.csv'],
  ['para-tasks', 'notion/tana-para/Tasks [PARA] 249c7e7ecbd281be874af38d9ced3f5b.csv'],
  ['routines', 'notion/tana-misc/Routines 249c7e7ecbd281839622c5199ff344ec.csv'],
  ['pokemon', 'notion/tana-misc/singleNode.csv'],
  ['pokemon', 'notion/tana-misc/nodeRef.csv'],
];

/** What `eos import csv` passes for a sample: its text, its name, and the files beside it. */
function sample(database: string, path: string, extra: Partial<ImportInput> = {}): ImportInput {
  const full = join(SAMPLES, path);
  return { database, file: path.split('/').pop() ?? path, text: decodeCsv(readFileSync(full)), files: readdirSync(dirname(full)), ...extra };
}

const counts = (r: ImportReport) => ({ format: r.format, rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged, skipped: r.skipped, excluded: r.excluded });

async function bySource(s: Session, database: string, id: string): Promise<StoredRecord> {
  const record = await recordBySourceRef(s.store.db, s.workspaceId, database, `id:${id}`);
  if (!record) throw new Error(`no ${database} record with source ID ${id}`);
  return record;
}

/** The titles of the records a relation field links, in order. */
async function titles(s: Session, keys: unknown): Promise<string[]> {
  return Promise.all(((keys as string[] | null) ?? []).map(async (k) => (await getRecord(s, k)).title));
}

describe.skipIf(!existsSync(SAMPLES)).each(ENGINES)('the real Notion, Linear and Jira exports on %s (../shared/samples; skipped when that folder is absent)', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openEngine(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it('Notion: every CSV imports, relations resolve to the titled records both ways, and re-importing changes nothing', async () => {
    const s = await newWorkspace(store, { pack: IMPORTS_PACK });
    const reports: ImportReport[] = [];
    for (const [database, path] of NOTION) reports.push(await importCsv(s, sample(database, path, path.endsWith('singleNode.csv') ? { format: 'notion' } : {})));
    expect(reports.map(counts)).toEqual([
      { format: 'notion', rows: 9, created: 9, updated: 0, unchanged: 0, skipped: 0, excluded: 0 },
      { format: 'notion', rows: 7, created: 7, updated: 0, unchanged: 0, skipped: 0, excluded: 0 },
      { format: 'notion', rows: 4, created: 4, updated: 0, unchanged: 0, skipped: 0, excluded: 0 },
      { format: 'notion', rows: 3, created: 3, updated: 0, unchanged: 0, skipped: 0, excluded: 0 },
      { format: 'notion', rows: 2, created: 2, updated: 0, unchanged: 0, skipped: 0, excluded: 0 },
      { format: 'notion', rows: 11, created: 11, updated: 0, unchanged: 0, skipped: 0, excluded: 0 },
      { format: 'notion', rows: 5, created: 5, updated: 0, unchanged: 0, skipped: 0, excluded: 0 },
      { format: 'notion', rows: 1, created: 1, updated: 0, unchanged: 0, skipped: 0, excluded: 0 },
      // nodeRef's Bulbasaur is singleNode's: both are matched by title.
      { format: 'notion', rows: 2, created: 1, updated: 1, unchanged: 0, skipped: 0, excluded: 0 },
    ]);
    expect(reports.map((r) => r.formatReason)).toEqual([
      'detected: the file name ends in a Notion page ID (Team members (database) 2498779374c4803c9879ea442c11d45b_all.csv)',
      'detected: the file name ends in a Notion page ID (Road map database with views 2498779374c480b6a983fafdfd29e009_all.csv)',
      'detected: the file name ends in a Notion page ID (Areas Resources [PARA] 249c7e7ecbd2817fb0e3e620ad83e897.csv)',
      'detected: the file name ends in a Notion page ID (Notes [PARA] 249c7e7ecbd28189bb29cf62d4ad9755.csv)',
      'detected: the file name ends in a Notion page ID (Projects [PARA] 249c7e7ecbd28133b328fdc027ab95d7.csv)',
      'detected: the file name ends in a Notion page ID (Tasks [PARA] 249c7e7ecbd281be874af38d9ced3f5b.csv)',
      'detected: the file name ends in a Notion page ID (Routines 249c7e7ecbd281839622c5199ff344ec.csv)',
      'as --format asked',
      "detected: Notion page links in column 'Link'",
    ]);
    expect(reports.flatMap((r) => r.unmapped)).toEqual([]);

    // The row page beside the CSV gives the row its 32-hex ID; other rows are known by title.
    const tool = await bySource(s, 'roadmap', '2498779374c48095a3e4c5b9b3ae8ebc');
    expect(tool).toMatchObject({ title: 'Notion import tool', status: 'New for review' });
    expect(tool.fields).toMatchObject({ Date: '2025-08-10', 'End Date': '2025-08-22', 'Assigned To': 'Ingrid Oline Skeide Ødegaard', Impact: 'Step change/10X' });
    expect(await titles(s, tool.fields['Team members'])).toEqual(['Eirik Hoem', 'Ingrid Ødegaard']);
    // "Hilde Johannesen  (…)" links the member whose title had a trailing space.
    const publish = await bySource(s, 'roadmap', 'New Publish - Tana format');
    expect(await titles(s, publish.fields['Team members'])).toEqual(['Hilde Johannesen', 'Asgeir Hoem']);
    // Team members came first: their links to the road map resolved when its rows appeared.
    const theo = await bySource(s, 'team-members', 'Theo Køppen');
    expect(await titles(s, theo.fields['Working on'])).toEqual(['Revamp of Tana Learn and in-app guidance', 'Revamp of website', 'Back to work campaign']);
    expect(theo.unresolved).toEqual({});

    const note = await bySource(s, 'para-notes', '249c7e7ecbd281f4be93e21d23a41be3');
    expect(note).toMatchObject({ title: 'Streaming Setup Improvements' });
    expect(note.fields).toMatchObject({ Created: '2025-08-08T09:14:00.000Z', Archive: false });
    expect(await titles(s, note.fields.Project)).toEqual(['Build Streaming Setup']);
    // A relation title holding ", " stays one title.
    const productivity = await bySource(s, 'para-areas', 'Productivity');
    expect(await titles(s, productivity.fields.Notes)).toEqual(['Flylighter: Capture Anything to Notion, Fast']);
    const tasks = await listRecords(s, { database: 'para-tasks' });
    expect(tasks.filter((t) => t.status === 'Done').map((t) => t.title)).toEqual(['Get new photos taken', 'Write up case studies', 'Fix audio clipping issues']);
    expect((await bySource(s, 'para-tasks', 'Go through site builder tutorial')).fields.Due).toBe('2024-11-03');
    const bulbasaur = await bySource(s, 'pokemon', 'Bulbasaur');
    expect(bulbasaur.fields).toMatchObject({ Number: 1, 'Japanese Name': 'Fushigidaneフシギダネ', Favourite: false });
    expect(await titles(s, bulbasaur.fields.Link)).toEqual(['Ivysaur']);

    for (const [database, path] of NOTION) {
      const again = await importCsv(s, sample(database, path, path.endsWith('singleNode.csv') ? { format: 'notion' } : {}));
      expect({ file: again.file, created: again.created, updated: again.updated, unchanged: again.unchanged }).toEqual({
        file: again.file,
        created: 0,
        updated: 0,
        unchanged: again.rows,
      });
    }
  });

  it('Notion: a view CSV imports with a warning to take its _all sibling, which holds every row and column', async () => {
    const s = await newWorkspace(store, { pack: IMPORTS_PACK });
    const view = await importCsv(s, sample('roadmap', `${ROADMAP}.csv`));
    expect(counts(view)).toEqual({ format: 'notion', rows: 2, created: 2, updated: 0, unchanged: 0, skipped: 0, excluded: 0 });
    expect(view.warnings[0]).toBe(
      "Road map database with views 2498779374c480b6a983fafdfd29e009.csv is a Notion view: it holds only the view's rows and columns; Road map database with views 2498779374c480b6a983fafdfd29e009_all.csv beside it holds them all, so import that one instead",
    );
    const members = await importCsv(s, sample('team-members', `${TEAM}.csv`));
    expect(counts(members)).toEqual({ format: 'notion', rows: 2, created: 2, updated: 0, unchanged: 0, skipped: 0, excluded: 0 });
    // The trailing space of the header "Working on " is no part of the name it is matched by.
    expect(await titles(s, (await bySource(s, 'team-members', 'Asgeir Hoem')).fields['Working on'])).toEqual(['ExperimentalUI', 'Notion import tool']);
  });

  it('Linear: JS dates, priorities, labels and roadmaps; the archived issue is left out; ID matches on re-import', async () => {
    const s = await newWorkspace(store, { pack: IMPORTS_PACK });
    const report = await importCsv(s, sample('issues', LINEAR));
    expect(counts(report)).toEqual({ format: 'linear', rows: 10, created: 9, updated: 0, unchanged: 0, skipped: 0, excluded: 1 });
    expect(report.formatReason).toBe("detected: ID, Team, Title, Created, Updated (Linear's columns)");
    expect(report.unmapped).toEqual(['Cycle Number', 'Cycle Name', 'Archived', 'Milestone']);
    expect(report.warnings).toContain("1 row left out, archived in Linear (Linear's own importer skips those too): row 9 (CLA-8)");
    const first = await bySource(s, 'issues', 'CLA-1');
    // `Parent issue: CLA-4` names the export's own ID: it links to the record imported from CLA-4.
    const parent = await bySource(s, 'issues', 'CLA-4');
    expect(first).toMatchObject({ title: 'First Claw', status: 'In Progress', unresolved: {} });
    expect(first.fields['Parent issue']).toEqual([parent.key]);
    expect(first.fields).toMatchObject({
      Created: '2022-08-23T13:54:01.000Z',
      'Cycle Start': '2023-02-06',
      'Cycle End': '2023-02-20',
      Estimate: 5,
      Priority: 'High',
      Labels: ['Feature'],
      Roadmaps: ['RavenClaw Milestone', 'NextBird'],
      Assignee: 'testingthisproduct101@gmail.com',
    });
    expect((await bySource(s, 'issues', 'CLA-10')).fields).toMatchObject({ Priority: 'No priority', Description: 'Oh no…', Canceled: '2023-02-11T01:52:45.000Z' });
    expect(await recordBySourceRef(s.store.db, s.workspaceId, 'issues', 'id:CLA-8')).toBeUndefined();
    const again = await importCsv(s, sample('issues', LINEAR));
    expect(counts(again)).toEqual({ format: 'linear', rows: 10, created: 0, updated: 0, unchanged: 9, skipped: 0, excluded: 1 });
  });

  it('Jira: repeated Watchers and Comment columns, comments split on their first two semicolons, dates in the given zone', async () => {
    const s = await newWorkspace(store, { pack: IMPORTS_PACK });
    const report = await importCsv(s, sample('issues', JIRA));
    expect(counts(report)).toEqual({ format: 'jira', rows: 22, created: 22, updated: 0, unchanged: 0, skipped: 0, excluded: 0 });
    expect(report.formatReason).toBe('detected: Issue key, Summary, 3 repeated Watchers columns, 3 repeated Watchers Id columns, 3 repeated Comment columns');
    expect(report.unmapped).toHaveLength(33);
    expect(report.unmapped.slice(0, 4)).toEqual(['Issue id', 'Project key', 'Project name', 'Project type']);
    const done = await bySource(s, 'issues', 'TES-19');
    expect(done).toMatchObject({ title: 'Create a Network Architecture diagram for TAG', status: 'Done' });
    expect(done.fields).toMatchObject({
      'Issue Type': 'Task',
      Created: '2025-09-03T09:21:00.000Z',
      Resolved: '2025-09-12T09:05:00.000Z',
      Watchers: ['Saicharan Basireddy', 'Sai Sontineni'],
      Sprint: ['TES Sprint 1'],
      Comment:
        '2025-09-05 07:24 5fe07a7dd3649601392ba191: [~accountid:5fe07a7dd3649601392ba191] is working on the Network Architecture with respect to the TestAutoGen AWS Service by 09/05/2025\n\n' +
        '2025-09-12 09:05 712020:b0892835-64bc-4809-afd1-cc09a3ffc20e: Eric has approved on 09/11 the network architecture diagram.',
    });
    expect((await bySource(s, 'issues', 'TES-23')).title).toBe('Need to discuss "Login" steps in the "test plan/selinum" even if not included in User Story');
    expect((await bySource(s, 'issues', 'TES-13')).fields['Due Date']).toBe('2025-09-18');
    expect(((await bySource(s, 'issues', 'TES-11')).fields.Attachment as string[])[0]).toMatch(/^https:\/\//);
    const again = await importCsv(s, sample('issues', JIRA));
    expect(counts(again)).toEqual({ format: 'jira', rows: 22, created: 0, updated: 0, unchanged: 22, skipped: 0, excluded: 0 });

    const ny = await newWorkspace(store, { pack: IMPORTS_PACK });
    await importCsv(ny, sample('issues', JIRA, { timeZone: 'America/New_York' }));
    expect((await bySource(ny, 'issues', 'TES-25')).fields.Created).toBe('2025-09-22T13:26:00.000Z');
  });

  it('--dry-run reports the same counts for each format and writes nothing', async () => {
    const s = await newWorkspace(store, { pack: IMPORTS_PACK });
    const dry = [
      await importCsv(s, sample('roadmap', `${ROADMAP}_all.csv`, { dryRun: true })),
      await importCsv(s, sample('issues', LINEAR, { dryRun: true })),
      await importCsv(s, sample('issues', JIRA, { dryRun: true })),
    ];
    expect(dry.map((r) => [r.format, r.dryRun, r.created, r.excluded])).toEqual([
      ['notion', true, 7, 0],
      ['linear', true, 9, 1],
      ['jira', true, 22, 0],
    ]);
    expect(await listRecords(s, { database: 'roadmap' })).toEqual([]);
    expect(await listRecords(s, { database: 'issues' })).toEqual([]);
  });

  it("into engineering-os: Linear's and Jira's issues become work items through the gates, Notion's road map initiatives", async () => {
    const s = await newWorkspace(store, { pack: PACK });
    const value = (column: string, from: string, to: string) => ({ column, from, to });
    const linear = await importCsv(
      s,
      sample('work-items', LINEAR, { map: { Description: 'Problem' }, values: [value('Status', 'Triage', 'Backlog'), value('Status', 'Todo', 'Ready')], skipInvalid: true }),
    );
    expect(counts(linear)).toEqual({ format: 'linear', rows: 10, created: 7, updated: 0, unchanged: 0, skipped: 2, excluded: 1 });
    expect(linear.problems).toEqual([
      {
        row: 2,
        column: 'Status',
        value: 'In Progress',
        reason: "the new record can't move to In Progress: 2 criteria unmet: definition-of-done/dod: Write the Definition of Done; definition-of-done/milestone: Set the milestone",
      },
      {
        row: 10,
        column: 'Status',
        value: 'Done',
        reason:
          "the new record can't move to Done: 3 criteria unmet: done/ci: CI must be green; done/approval: Get at least one approval from a CODEOWNERS reviewer; done/evidence: Attach evidence that the Definition of Done is met",
      },
    ]);
    expect(linear.errorsCsv?.split('\n')[1]).toMatch(/^CLA-1,Claw,First Claw,/);
    const items = await listRecords(s, { database: 'work-items', sort: 'key' });
    expect(items.map((r) => [r.title, r.status])).toEqual([
      ['Alpha Claw', 'Canceled'],
      ['Beta Claw', 'Backlog'],
      ['Day One', 'Backlog'],
      ['Day Two', 'Ready'],
      ['Day Three', 'Ready'],
      ['Day Three point Five', 'Ready'],
      ['Canceled from the get-go', 'Canceled'],
    ]);
    expect(items[4]?.fields).toMatchObject({ Problem: 'The happenings of Day Three', Assignee: 'testingthisproduct101@gmail.com' });

    const jira = await importCsv(
      s,
      sample('work-items', JIRA, {
        map: { Description: 'Problem', Sprint: 'Milestone', 'Issue Type': 'Type' },
        values: [value('Status', 'To Do', 'Ready'), value('Issue Type', 'Task', 'Chore'), value('Issue Type', 'Story', 'Feature')],
        skipInvalid: true,
      }),
    );
    expect(counts(jira)).toEqual({ format: 'jira', rows: 22, created: 9, updated: 0, unchanged: 0, skipped: 13, excluded: 0 });
    expect(jira.problems.map((p) => [p.row, p.value, p.reason.replace(/: .*/, '')])).toEqual(
      [
        [3, 'In Progress', "the new record can't move to In Progress"],
        ...[8, 14, 15, 16, 17, 18, 19].map((row) => [row, 'Done', "the new record can't move to Done"]),
        [20, 'In Progress', "the new record can't move to In Progress"],
        ...[21, 22, 23].map((row) => [row, 'Done', "the new record can't move to Done"]),
        [12, 'In Progress', "the new record can't move to In Progress"],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    expect((await bySource(s, 'work-items', 'TES-25')).fields).toMatchObject({
      Title: 'Enable Selinium scripts to also test Pega apps/iframes/etc',
      Type: 'Chore',
      Milestone: 'TES Sprint 1',
    });

    const roadmap = await importCsv(
      s,
      sample('initiatives', `${ROADMAP}_all.csv`, {
        map: { 'Assigned To': 'Owner' },
        values: [
          value('Impact', 'Step change/10X', 'Critical'),
          value('Status', 'New for review', 'Proposed'),
          value('Status', 'Work in progress', 'Planned'),
          value('Status', 'In testing', 'Planned'),
        ],
      }),
    );
    expect(counts(roadmap)).toEqual({ format: 'notion', rows: 7, created: 7, updated: 0, unchanged: 0, skipped: 0, excluded: 0 });
    expect(roadmap.unmapped).toEqual(['Date', 'Team members', 'Type', 'Date.end']);
    expect(await getRecord(s, 'Notion import tool')).toMatchObject({ status: 'Proposed', fields: { Owner: 'Ingrid Oline Skeide Ødegaard', Effort: 'Medium', Impact: 'Critical' } });
  });
});

describe.skipIf(!existsSync(SAMPLES))('eos import csv on a real Notion export (../shared/samples; skipped when that folder is absent)', { timeout: 120_000 }, () => {
  it('says which format it read and why, and warns that the view CSV has an _all sibling it lists beside it', async () => {
    const env = { EOS_HOME: mkdtempSync(join(tmpdir(), 'eos-import-')), EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0' };
    expect((await runCli(['init', '--pack', IMPORTS_PACK], env)).code).toBe(0);
    const result = await runCli(['import', 'csv', 'roadmap', join(SAMPLES, `${ROADMAP}.csv`), '--timezone', 'Europe/Oslo'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'format: notion (detected: the file name ends in a Notion page ID (Road map database with views 2498779374c480b6a983fafdfd29e009.csv))\n' +
        '2 rows: 2 created, 0 updated, 0 unchanged, 0 skipped\n',
    );
    expect(result.stderr).toContain(
      "warning: Road map database with views 2498779374c480b6a983fafdfd29e009.csv is a Notion view: it holds only the view's rows and columns; Road map database with views 2498779374c480b6a983fafdfd29e009_all.csv beside it holds them all, so import that one instead",
    );
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../src/app/audit-trail.ts';
import { listDecisions } from '../src/app/decide.ts';
import { importCsv } from '../src/app/import/import-csv.ts';
import { getRecord, listRecords } from '../src/app/records/read-records.ts';
import { openSession, type Session } from '../src/app/session.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

// History from Jira or Linear comes in openly (issue 10, point 3; ADR 043): `--as-recorded` takes
// statuses as given, admins only, marks each record and logs one decision naming the file.
const HISTORY = 'Title,Status,Rollback Plan\nSwapped the panel,Closed,Revert\nNew connector,Approved,\nStill open,Proposed,\n';
const SHA256 = createHash('sha256').update(HISTORY).digest('hex');

describe.each(ENGINES)('CSV import as recorded on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let admin: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
    admin = await openSession({ store, workspaceId: w.session.workspaceId, actor: 'root', role: 'admin' });
  });
  afterAll(async () => {
    await w.app.close();
    await store.close();
  });

  it('without --as-recorded, rows in later statuses meet the gates on the way, and nothing is written', async () => {
    const error = await failure(importCsv(admin, { database: 'changes', file: 'history.csv', text: HISTORY }));
    expect(error.code).toBe('invalid_input');
    expect((error.details.problems as { row: number }[]).map((p) => p.row)).toEqual([2, 3]);
    expect(await listRecords(admin, { database: 'changes' })).toEqual([]);
  });

  it('an editor may not import as recorded: forbidden, and nothing is written', async () => {
    const editor = await openSession({ store, workspaceId: w.session.workspaceId, actor: 'ana', role: 'editor' });
    const error = await failure(importCsv(editor, { database: 'changes', file: 'history.csv', text: HISTORY, asRecorded: true }));
    expect(error.toJSON()).toEqual({
      error: {
        code: 'forbidden',
        message: 'Only an admin can import as recorded (statuses taken as given, past every gate); ana has the editor role. Without --as-recorded the gates apply.',
        actor: 'ana',
        role: 'editor',
        requiredRoles: ['admin'],
      },
    });
    const res = await w.app.inject({ method: 'POST', url: '/api/v1/imports', headers: w.as('ana'), payload: { database: 'changes', csv: HISTORY, asRecorded: true } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    expect(await listRecords(admin, { database: 'changes' })).toEqual([]);
  });

  it('a dry run as recorded reports the counts and writes neither records nor the decision', async () => {
    const report = await importCsv(admin, { database: 'changes', file: 'history.csv', text: HISTORY, asRecorded: true, dryRun: true });
    expect(report).toMatchObject({ created: 3, problems: [], dryRun: true });
    expect(await listRecords(admin, { database: 'changes' })).toEqual([]);
    expect(await listDecisions(admin, { action: 'import.as_recorded' })).toEqual([]);
  });

  it('an admin imports as recorded: statuses as given, each record marked imported and audited, one decision naming the file', async () => {
    const report = await importCsv(admin, { database: 'changes', file: 'history.csv', text: HISTORY, asRecorded: true });
    expect(report).toMatchObject({ rows: 3, created: 3, problems: [] });
    const records = await listRecords(admin, { database: 'changes', sort: 'key' });
    expect(records.map((r) => [r.title, r.status, r.recordedAs])).toEqual([
      ['Swapped the panel', 'Closed', 'imported'],
      ['New connector', 'Approved', 'imported'],
      ['Still open', 'Proposed', 'imported'],
    ]);
    const decisions = await listDecisions(admin, { action: 'import.as_recorded' });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      actor: 'root',
      scope: 'changes',
      summary: 'root imported history.csv (3 rows) into Changes as recorded: statuses taken as given, past every gate',
      details: { file: 'history.csv', sha256: SHA256, rows: 3, created: 3, updated: 0, actor: 'root' },
    });
    for (const r of records) {
      const [created] = await auditTrail(admin, { ref: r.key });
      expect(created).toMatchObject({ action: 'record.create', actor: 'root', after: { key: r.key, status: r.status, recordedAs: 'imported' } });
    }
    // The record's API view shows it; a record made through the gates has no mark.
    const view = await w.app.inject({ url: `/api/v1/records/${records[0]?.key}`, headers: w.as('ana') });
    expect(view.json()).toMatchObject({ status: 'Closed', recordedAs: 'imported' });
    const gated = await w.app.inject({ method: 'POST', url: '/api/v1/records', headers: w.as('ana'), payload: { database: 'changes', fields: { Title: 'Through the gates' } } });
    expect(gated.json().record.recordedAs).toBeUndefined();
  });

  it('POST /imports takes asRecorded from an admin, and a re-import that moves a record takes its status as given too', async () => {
    const { key } = await getRecord(admin, 'Still open');
    const moved = `Key,Title,Status\n${key},Still open,Closed\n`;
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: w.as('root'),
      payload: { database: 'changes', csv: moved, file: 'history-2.csv', asRecorded: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 1, unchanged: 0, problems: [] });
    expect(await getRecord(admin, 'Still open')).toMatchObject({ status: 'Closed', recordedAs: 'imported' });
    const decisions = await listDecisions(admin, { action: 'import.as_recorded' });
    expect(decisions.map((d) => d.details)).toContainEqual({
      file: 'history-2.csv',
      sha256: createHash('sha256').update(moved).digest('hex'),
      rows: 1,
      created: 0,
      updated: 1,
      actor: 'root',
    });
  });
});

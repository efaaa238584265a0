import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '../src/app/records/create-record.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace, serverFor } from './support/http-workspace.ts';

describe.each(ENGINES)('HTTP workspace routes on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  const ana = () => w.as('ana');
  const json = async (url: string) => {
    const res = await app.inject({ url, headers: ana() });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: ana(), payload: payload as Record<string, unknown> });
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
    app = w.app;
    await createRecord(w.session, {
      database: 'changes',
      set: [
        ['Title', 'Swap C12'],
        ['Amount Planned', '100'],
        ['Amount Actual', '130'],
        ['Status', 'Proposed'],
      ],
    });
    await createRecord(w.session, {
      database: 'tests',
      set: [
        ['Test ID', 'TST-1'],
        ['Results', 'Pass'],
      ],
    });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('lists databases with their record counts and shows one as eos db show does', async () => {
    const { databases } = await json('/api/v1/databases');
    expect(databases.map((d: { id: string }) => d.id)).toEqual(['bom', 'changes', 'projects', 'tasks', 'tests']);
    expect(databases.find((d: { id: string }) => d.id === 'changes')).toEqual({
      id: 'changes',
      name: 'Changes',
      module: null,
      role: 'waivers',
      prefix: 'CHG',
      statusField: 'Status',
      statuses: ['Proposed', 'Under Review', 'Approved', 'Implemented', 'Verified', 'Closed', 'Rejected'],
      count: 1,
    });
    const def = await json('/api/v1/databases/changes');
    expect(def).toEqual(w.session.databases.get('changes'));
    const missing = await app.inject({ url: '/api/v1/databases/nope', headers: ana() });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });

  it("reports a record's gates, and previews them over unsaved edits without writing", async () => {
    await post('/api/v1/records/CHG-0001/moves', { to: 'Under Review' });
    const gates = await json('/api/v1/records/CHG-0001/gates');
    const approved = gates.next.find((n: { to: string }) => n.to === 'Approved');
    expect(gates).toMatchObject({ record: 'CHG-0001', database: 'changes', status: 'Under Review' });
    expect(approved).toMatchObject({ gates: ['review-exit'], passes: false });
    expect(approved.unmet.map((u: { criterion: string }) => u.criterion)).toEqual(['risk-level', 'impact']);
    const preview = await post('/api/v1/records/CHG-0001/gates/preview', { fields: { 'Risk Level': 'Low', 'Impact Analysis': ['Cost'] } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().next.find((n: { to: string }) => n.to === 'Approved')).toEqual({ to: 'Approved', gates: ['review-exit'], passes: true, unmet: [] });
    const half = await post('/api/v1/records/CHG-0001/gates/preview', { fields: { 'Risk Level': 'Low' } });
    expect(half.json().next.find((n: { to: string }) => n.to === 'Approved').unmet).toEqual([
      { gate: 'review-exit', criterion: 'impact', message: 'Impact Analysis must name at least one area' },
    ]);
    const record = await json('/api/v1/records/CHG-0001');
    expect(record.version).toBe(2);
    expect(record.fields['Risk Level']).toBeUndefined();
    const bad = await post('/api/v1/records/CHG-0001/gates/preview', { fields: { 'Risk Level': 'Huge' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems).toEqual([{ field: 'Risk Level', value: 'Huge', reason: "'Huge' is not an option of Risk Level (Low, Medium, High)" }]);
  });

  it('previews a relation edit: a linked passing test counts before it is saved', async () => {
    const { record } = await createRecord(w.session, {
      database: 'changes',
      set: [
        ['Title', 'Preview close'],
        ['Rollback Plan', 'revert'],
        ['Communications Done', 'yes'],
        // Created Approved, it walks from Proposed through the review's exit gate.
        ['Risk Level', 'Low'],
        ['Impact Analysis', 'Cost'],
        ['Status', 'Approved'],
      ],
    });
    const before = (await json(`/api/v1/records/${record.key}/gates`)).next.find((n: { to: string }) => n.to === 'Closed');
    expect(before.unmet).toEqual([{ gate: 'close', criterion: 'verified', message: 'Every linked test must pass' }]);
    const withTest = (await post(`/api/v1/records/${record.key}/gates/preview`, { fields: { 'Verification Needed': ['TST-1'] } })).json();
    expect(withTest.next.find((n: { to: string }) => n.to === 'Closed')).toEqual({ to: 'Closed', gates: ['close'], passes: true, unmet: [] });
    expect((await json(`/api/v1/records/${record.key}`)).fields['Verification Needed']).toBeUndefined();
  });

  it('gate-checks a database as eos gate check <db> --json does', async () => {
    const report = await json('/api/v1/gates?database=changes');
    expect(report.checked).toBe(report.records.length);
    expect(report.records.find((r: { record: string }) => r.record === 'CHG-0001')).toMatchObject({ status: 'Under Review' });
  });

  it('lists the audit trail newest first, per record and for the workspace, and verifies the chain', async () => {
    const { entries } = await json('/api/v1/records/CHG-0001/audit');
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['record.move', 'record.create']);
    expect(entries[0]).toMatchObject({ actor: 'ana', recordKey: 'CHG-0001' });
    const latest = await json('/api/v1/audit?limit=1');
    expect(latest.entries).toHaveLength(1);
    expect(latest.entries[0].seq).toBeGreaterThan(entries[1].seq);
    expect(await json('/api/v1/audit?record=CHG-0001')).toEqual({ entries });
    const verify = await json('/api/v1/audit/verify');
    expect(verify).toMatchObject({ ok: true });
  });

  it('appends a decision as the request user and lists it', async () => {
    const res = await post('/api/v1/decisions', {
      scope: 'release',
      action: 'release.go',
      summary: 'Ship 1.2',
      rationale: 'All gates green',
      record: 'CHG-0001',
      evidence: ['https://ci.example/1'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ actor: 'ana', scope: 'release', action: 'release.go', summary: 'Ship 1.2', recordKey: 'CHG-0001', evidence: ['https://ci.example/1'] });
    const { decisions } = await json('/api/v1/decisions?scope=release');
    expect(decisions.map((d: { summary: string }) => d.summary)).toEqual(['Ship 1.2']);
    expect((await json('/api/v1/decisions?record=CHG-0001')).decisions).toHaveLength(1);
    const missing = await post('/api/v1/decisions', { scope: 'release', action: 'release.go' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.problems).toEqual([{ in: 'body', field: 'summary', message: 'Invalid input: expected string, received undefined' }]);
  });

  it('searches databases, records and decisions', async () => {
    const { results } = await json('/api/v1/search?q=swap');
    expect(results).toEqual([{ kind: 'record', key: 'CHG-0001', title: 'Swap C12', database: 'changes', status: 'Under Review', snippet: '<mark>Swap</mark> C12' }]);
    const db = await json('/api/v1/search?q=chang');
    expect(db.results[0]).toEqual({ kind: 'database', id: 'changes', title: 'Changes' });
    const decision = await json('/api/v1/search?q=ship');
    expect(decision.results).toEqual([{ kind: 'decision', id: expect.any(String), title: 'Ship 1.2', key: 'CHG-0001' }]);
    const wild = await json(`/api/v1/search?q=${encodeURIComponent('%')}`);
    expect(wild.results).toEqual([]);
    const empty = await app.inject({ url: '/api/v1/search?q=%20', headers: ana() });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toBe('Search for something: q must not be empty');
  });

  it('imports a CSV through the gates, with a dry run first', async () => {
    const csv = 'Title,Points,Risk Level\nImported one,2,Low\nImported two,x,Low\n';
    const dry = await post('/api/v1/imports', { database: 'changes', csv, dryRun: true, skipInvalid: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ rows: 2, created: 1, skipped: 1, dryRun: true, problems: [{ row: 3, column: 'Points', value: 'x', reason: "'x' is not a number" }] });
    expect((await json('/api/v1/search?q=imported')).results).toEqual([]);
    const refused = await post('/api/v1/imports', { database: 'changes', csv });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('invalid_input');
    const real = await post('/api/v1/imports', { database: 'changes', csv: 'Title,Points\nImported one,2\n' });
    expect(real.json()).toMatchObject({ rows: 1, created: 1, dryRun: false, problems: [] });
    expect((await json('/api/v1/search?q=imported')).results.map((r: { title: string }) => r.title)).toEqual(['Imported one']);
  });

  it('imports a Linear export as eos import csv --format does, reading its statuses through values', async () => {
    const csv = '"ID","Team","Title","Status","Created","Updated"\n"ENG-1","Eng","From Linear","Todo","Tue Aug 23 2022 13:54:01 GMT+0000 (GMT)",\n';
    const values = [{ column: 'Status', from: 'Todo', to: 'Proposed' }];
    const report = await post('/api/v1/imports', { database: 'changes', csv, file: 'linear.csv', values, timeZone: 'Europe/Madrid' });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({
      format: 'linear',
      formatReason: "detected: ID, Team, Title, Created, Updated (Linear's columns)",
      created: 1,
      excluded: 0,
      unmapped: ['Team', 'Created', 'Updated'],
    });
    const bad = await post('/api/v1/imports', { database: 'changes', csv, format: 'asana' });
    expect(bad.statusCode).toBe(400);
  });

  it('builds the control center from the pack: open changes, blocked moves, budget, latest decisions', async () => {
    const cc = await json('/api/v1/control-center');
    expect(cc.openChangesByStatus.find((t: { status: string }) => t.status === 'Under Review')).toEqual({
      status: 'Under Review',
      count: 1,
      records: [{ key: 'CHG-0001', title: 'Swap C12' }],
    });
    expect(cc.blockedMoves.find((b: { key: string }) => b.key === 'CHG-0001')).toEqual({
      key: 'CHG-0001',
      title: 'Swap C12',
      database: 'changes',
      to: 'Approved',
      unmet: [
        { gate: 'review-exit', criterion: 'risk-level', message: 'Set a Risk Level' },
        { gate: 'review-exit', criterion: 'impact', message: 'Impact Analysis must name at least one area' },
      ],
    });
    expect(cc.incidentsBySeverity).toEqual([]);
    expect(cc.budget).toMatchObject({ planned: 100, actual: 130, variance: 30, currency: 'USD' });
    expect(cc.budget.records[0]).toEqual({ key: 'CHG-0001', title: 'Swap C12', planned: 100, actual: 130, variance: 30 });
    expect(cc.latestDecisions.map((d: { summary: string }) => d.summary)).toEqual(['Ship 1.2']);
    expect(cc.stale).toEqual([]);
  });

  it('marks open records not updated for more than 5 days as stale, and closed ones not', async () => {
    const later = new Date(Date.now() + 6 * 86_400_000);
    const future = await serverFor(store, w.session.workspaceId, () => later);
    try {
      const cc = (await future.inject({ url: '/api/v1/control-center', headers: w.as('ana') })).json();
      const stale = cc.stale.find((s: { key: string }) => s.key === 'CHG-0001');
      expect(stale).toMatchObject({ key: 'CHG-0001', database: 'changes', status: 'Under Review', reason: 'no update for 6 days in Under Review' });
      expect(cc.stale.map((s: { key: string }) => s.key)).toContain('TST-1');
    } finally {
      await future.close();
    }
  });

  it('serves health and metrics, and an OpenAPI 3.1 document that validates', async () => {
    const health = await app.inject({ url: '/healthz' });
    expect(health.json()).toEqual({ ok: true, engine });
    const metrics = await app.inject({ url: '/metrics', headers: ana() });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/eos_http_requests_total\{method="GET",route="\/api\/v1\/records\/:key",status="200"\} \d+/);
    expect(metrics.body).toContain('eos_records{database="changes",status="Under Review"} 1');
    expect(metrics.body).toContain('eos_http_request_duration_seconds_bucket');
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    // A browser reloading the web app's old Metrics address asks for HTML: it goes to the page, /delivery.
    const browser = await app.inject({ url: '/metrics', headers: { ...ana(), accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect([browser.statusCode, browser.headers.location]).toEqual([303, '/delivery']);
    const prometheus = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
    expect((await app.inject({ url: '/metrics', headers: { ...ana(), accept: prometheus } })).body).toContain('eos_http_request_duration_seconds_bucket');
    const doc = await app.inject({ url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toBe('3.1.0');
    const result = await new Validator().validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/databases',
        '/api/v1/records',
        '/api/v1/records/{key}',
        '/api/v1/records/{key}/moves',
        '/api/v1/records/{key}/links',
        '/api/v1/records/{key}/sop',
        '/api/v1/records/{key}/sop/{step}',
        '/api/v1/records/{key}/gates',
        '/api/v1/records/{key}/gates/preview',
        '/api/v1/records/{key}/audit',
        '/api/v1/records/{key}/evidence',
        '/api/v1/audit',
        '/api/v1/audit/verify',
        '/api/v1/decisions',
        '/api/v1/gates',
        '/api/v1/search',
        '/api/v1/control-center',
        '/api/v1/imports',
        '/api/v1/auth/login',
        '/api/v1/me/password',
        '/healthz',
        '/metrics',
      ]),
    );
    expect(spec.paths['/api/v1/records/{key}/moves'].post.responses['409']).toBeDefined();
  });
});

describe('the control center on engineering-os (PGlite)', () => {
  let store: Store;
  let w: HttpWorkspace;
  beforeAll(async () => {
    store = await openEngine('pglite');
    w = await httpWorkspace(store, { pack: 'engineering-os' });
    await createRecord(w.session, {
      database: 'incidents',
      set: [
        ['Incident ID', 'INC-A'],
        ['Severity', 'SEV1'],
      ],
    });
    await createRecord(w.session, {
      database: 'incidents',
      set: [
        ['Incident ID', 'INC-B'],
        ['Severity', 'SEV3'],
      ],
    });
    await createRecord(w.session, { database: 'incidents', set: [['Incident ID', 'INC-C']] });
    await createRecord(w.session, {
      database: 'budget-cost-model',
      set: [
        ['Line Item', 'Tooling'],
        ['Amount – Planned', '1000'],
        ['Amount – Actual', '1250'],
      ],
    });
    await createRecord(w.session, {
      database: 'budget-cost-model',
      set: [
        ['Line Item', 'Travel'],
        ['Amount – Planned', '500'],
        ['Amount – Actual', '400'],
      ],
    });
  });
  afterAll(async () => {
    await w.app.close();
    await store.close();
  });

  it('counts open incidents by Severity in option order and sums the budget variance', async () => {
    const res = await w.app.inject({ url: '/api/v1/control-center', headers: w.as('ana') });
    expect(res.statusCode).toBe(200);
    const cc = res.json();
    expect(cc.incidentsBySeverity).toEqual([
      { severity: 'SEV1', count: 1, records: [{ key: 'INC-A', title: 'INC-A', status: 'Open' }] },
      { severity: 'SEV2', count: 0, records: [] },
      { severity: 'SEV3', count: 1, records: [{ key: 'INC-B', title: 'INC-B', status: 'Open' }] },
      { severity: 'SEV4', count: 0, records: [] },
      { severity: 'Unset', count: 1, records: [{ key: 'INC-C', title: 'INC-C', status: 'Open' }] },
    ]);
    expect(cc.budget).toEqual({
      planned: 1500,
      actual: 1650,
      variance: 150,
      currency: 'USD',
      records: [
        { key: 'BUD-0001', title: 'Tooling', planned: 1000, actual: 1250, variance: 250 },
        { key: 'BUD-0002', title: 'Travel', planned: 500, actual: 400, variance: -100 },
      ],
    });
    expect(cc.openChangesByStatus).toEqual([]);
  });
});

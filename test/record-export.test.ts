import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { exportRecord } from '../src/app/records/export-record.ts';
import { runRitual } from '../src/app/rituals/run-ritual.ts';
import { openSession } from '../src/app/session.ts';
import type { Store } from '../src/store/store.ts';
import { openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';
import { runCli } from './support/run-cli.ts';

// Issue 12, point 3: any record exported as Markdown and as PDF, with its charts.

const NOW = new Date('2026-06-29T09:00:00.000Z');
const at = (day: number, hour = 10) => `2026-06-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const svgsOf = (markdown: string) => [...markdown.matchAll(/!\[([^\]]+)\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/g)].map((m) => ({ title: m[1], svg: atob(m[2] ?? '') }));

describe('record export', () => {
  let store: Store;
  let w: HttpWorkspace;
  beforeAll(async () => {
    store = await openEngine('pglite');
    // The server runs on the real clock (its users' tokens are valid now); the records are made at NOW.
    const served = await httpWorkspace(store, { pack: 'engineering-os' });
    w = { ...served, session: await openSession({ store, workspaceId: served.session.workspaceId, actor: 'tester', clock: () => NOW }) };
    await createRecord(w.session, {
      database: 'customer-calls',
      set: [
        ['Call', 'Evergreen follow-up'],
        ['Date', '2026-07-02'],
        ['Focus', 'activation blockers | tiles'],
        ['Agenda Finalized', 'true'],
      ],
    });
    await ingestEvents(w.session, {
      deployments: [22, 23, 24].map((d) => ({ id: `api-${d}`, project: 'api', repo: 'api', environment: 'production', result: 'success', finishedAt: at(d) })),
    });
    await runRitual(w.session, 'weekly-delivery-review');
  });
  afterAll(async () => {
    await w.app.close();
    await store.close();
  });

  it('writes any record as Markdown: its facts, its fields in pack order, exactly', async () => {
    const file = await exportRecord(w.session, 'CALL-0001', 'md');
    expect([file.filename, file.contentType]).toEqual(['CALL-0001.md', 'text/markdown; charset=utf-8']);
    expect(file.body.toString('utf8')).toBe(
      [
        '# CALL-0001: Evergreen follow-up',
        '',
        '| Field | Value |',
        '|---|---|',
        '| Database | Customer Calls (customer-calls) |',
        '| Status | Scheduled |',
        '| Version | 1 |',
        '| Created | 2026-06-29T09:00:00.000Z by tester |',
        '| Updated | 2026-06-29T09:00:00.000Z by tester |',
        '',
        '## Fields',
        '',
        '| Field | Value |',
        '|---|---|',
        '| Date | 2026-07-02 |',
        '| Focus | activation blockers \\| tiles |',
        '| Agenda Finalized | yes |',
        '',
      ].join('\n'),
    );
  });

  it("adds a ritual record's trend as SVG charts and its snapshot hash", async () => {
    const md = (await exportRecord(w.session, 'WR-0001', 'md')).body.toString('utf8');
    expect(md.startsWith('# WR-0001: 2026-W26 delivery review\n')).toBe(true);
    expect(md).toContain('## Metrics Snapshot\n\n| Metric | Value |\n|---|---|\n| Deployments | 3 on 3 days |');
    const charts = svgsOf(md);
    expect(charts.map((c) => c.title)).toEqual([
      'Deployments per week',
      'Lead time for changes per week (median, hours)',
      'Change failure rate per week (%)',
      'PR cycle time per week (median, hours)',
    ]);
    // Eight weeks; deployments 0 … 0, 3: the last point at the top of the plot (y 24), the others on its floor (y 120).
    const deployments = charts[0]?.svg ?? '';
    expect(deployments).toContain('<polyline points="48,120 107.4,120 166.9,120 226.3,120 285.7,120 345.1,120 404.6,120 464,24" fill="none" stroke="#2563eb" stroke-width="2"/>');
    expect(deployments).toContain('>06-22</text>');
    expect(deployments).toContain('text-anchor="end">3</text>');
    const sha = md.match(/Snapshot SHA-256 ([0-9a-f]{64}), frozen 2026-06-29T09:00:00.000Z \(eos ritual check\)\./)?.[1];
    expect(sha).toBe((await w.app.inject({ url: '/api/v1/records/WR-0001/snapshot-check', headers: w.as('vic') })).json().recomputed);
  });

  it('writes a PDF whose text reads back: heading, facts, fields, the tables and the chart labels', async () => {
    const file = await exportRecord(w.session, 'WR-0001', 'pdf');
    expect([file.filename, file.contentType, file.body.subarray(0, 5).toString('latin1')]).toEqual(['WR-0001.pdf', 'application/pdf', '%PDF-']);
    const text = await pdfText(file.body);
    for (const expected of [
      'WR-0001: 2026-W26 delivery review',
      'Status: Draft',
      'Database: Weekly Reviews (weekly-reviews)',
      'Date: 2026-06-29',
      'Metrics Snapshot',
      '| Deployments | 3 on 3 days |',
      'Trend',
      'Deployments per week',
      'PR cycle time per week (median, hours)',
      '06-22',
      'Snapshot SHA-256',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // The same record gives the same bytes (its creation date is the record's update time).
    expect((await exportRecord(w.session, 'WR-0001', 'pdf')).body.equals(file.body)).toBe(true);
  });

  it('answers GET /api/v1/records/{key}/export as a file download; a bad format is a 400 naming it', async () => {
    const pdf = await w.app.inject({ url: '/api/v1/records/WR-0001/export?format=pdf', headers: w.as('vic') });
    expect([pdf.statusCode, pdf.headers['content-type'], pdf.headers['content-disposition'], pdf.rawPayload.subarray(0, 5).toString('latin1')]).toEqual([
      200,
      'application/pdf',
      'attachment; filename="WR-0001.pdf"',
      '%PDF-',
    ]);
    const md = await w.app.inject({ url: '/api/v1/records/CALL-0001/export?format=md', headers: w.as('vic') });
    expect([md.statusCode, md.headers['content-type'], md.payload]).toEqual([
      200,
      'text/markdown; charset=utf-8',
      (await exportRecord(w.session, 'CALL-0001', 'md')).body.toString('utf8'),
    ]);
    const bad = await w.app.inject({ url: '/api/v1/records/CALL-0001/export?format=docx', headers: w.as('vic') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('format must be one of md, pdf');
    const missing = await w.app.inject({ url: '/api/v1/records/CALL-0404/export?format=md', headers: w.as('vic') });
    expect(missing.statusCode).toBe(404);
    expect((await failure(exportRecord(w.session, 'CALL-0001', 'html'))).message).toBe("format must be one of md, pdf, not 'html'");
  });

  it('lists and runs rituals over HTTP; a viewer may list but not run', async () => {
    const list = await w.app.inject({ url: '/api/v1/rituals', headers: w.as('vic') });
    expect(list.json().rituals.map((r: { id: string; schedule: string }) => [r.id, r.schedule])).toEqual([
      ['weekly-delivery-review', 'cron 0 9 * * 1 (UTC)'],
      ['customer-call-prep', '48h before each customer-calls.Date'],
      ['quarter-review', 'cron 0 9 1 1,4,7,10 * (UTC)'],
    ]);
    const payload = { at: '2026-06-29T09:00:00Z' };
    const refused = await w.app.inject({ method: 'POST', url: '/api/v1/rituals/weekly-delivery-review/run', headers: w.as('vic'), payload });
    expect(refused.statusCode).toBe(403);
    const again = await w.app.inject({ method: 'POST', url: '/api/v1/rituals/weekly-delivery-review/run', headers: w.as('ana'), payload });
    expect(again.json().runs.map((r: { record: string; created: boolean }) => [r.record, r.created])).toEqual([['WR-0001', false]]);
    const future = await w.app.inject({ method: 'POST', url: '/api/v1/rituals/weekly-delivery-review/run', headers: w.as('ana'), payload: { at: '2999-01-01' } });
    expect([future.statusCode, future.json().error.message]).toEqual([400, '--at 2999-01-01T00:00:00.000Z is in the future; a ritual runs for now or a past time']);
    const spec = (await w.app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/rituals', '/api/v1/rituals/{id}/run', '/api/v1/records/{key}/snapshot-check', '/api/v1/records/{key}/export']),
    );
    expect((await new Validator().validate(spec)).errors ?? []).toEqual([]);
  });
});

describe('eos record export and eos ritual (CLI)', () => {
  it('runs a ritual at a past time and exports its record to a PDF file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'eos-export-'));
    const env = { EOS_HOME: home, EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0', NO_COLOR: '1' };
    const eos = (...args: string[]) => runCli(args, env);
    expect((await eos('init', '--pack', 'engineering-os')).code).toBe(0);
    const run = await eos('ritual', 'run', 'weekly-delivery-review', '--at', '2026-06-29T09:00:00Z');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^created WR-0001 {2}weekly-delivery-review 2026-W26 \(due 2026-06-29T09:00:00.000Z\) {2}sha256 [0-9a-f]{64}\n$/);
    // Each CLI call opens the embedded store anew (about 20 s on the shared 2-core machine): three calls.
    const out = join(home, 'wr.pdf');
    const pdf = await eos('record', 'export', 'WR-0001', '--format', 'pdf', '--out', out);
    expect([pdf.code, pdf.stdout]).toEqual([0, `wrote ${out} (${readFileSync(out).length} bytes)\n`]);
    expect(await pdfText(readFileSync(out))).toContain('WR-0001: 2026-W26 delivery review');
  }, 300_000);
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '../src/app/create-record.ts';
import { importCsv } from '../src/app/import-csv.ts';
import { loadStarters } from '../src/app/load-starters.ts';
import { readPack } from '../src/app/read-pack.ts';
import { getRecord, listRecords } from '../src/app/read-records.ts';
import type { Session } from '../src/app/session.ts';
import { moveRecord, updateRecord } from '../src/app/update-record.ts';
import type { Store } from '../src/store/store.ts';
import { openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const NOW = new Date('2026-06-01T12:00:00.000Z');

/** The databases the seed documents define (shared/seeds 000–004), by id. */
const SEED_DATABASES = [
  // 000 §21–35
  'change-control',
  'budget-cost-model',
  'unit-economics',
  'gtm-comms',
  'procurement',
  'suppliers',
  'inspection-lots',
  'security-privacy-safety',
  'releases',
  'runbooks',
  'incidents',
  'metrics',
  'experiments',
  'ip-legal-compliance',
  'dfx',
  'pilot-lots',
  'beta-cohort',
  'reliability-tests',
  'value-engineering',
  'end-of-life',
  // what they relate to
  'requirements',
  'icds',
  'adrs',
  'bom-items',
  'tests',
  'defects',
  'risk-register',
  'projects',
  'baselines',
  'work-instructions',
  'docs',
  'action-items',
  // 000 Business & GTM, Human Systems
  'interviews',
  'jobs-pains',
  'competitors',
  'micro-prototypes',
  'known-issues',
  'returns',
  'weekly-reviews',
  'postmortems',
  'handoffs',
  'status-updates',
  // 001
  'teams',
  'services',
  'initiatives',
  'rituals',
  'retros',
  // 002
  'customer-calls',
  'release-reviews',
  'doc-change-log',
  // 003
  'gate-reviews',
  'deliverables',
  'training-sessions',
  // 004
  'work-items',
  'design-notes',
];

/** The `gate/criterion` ids a refused move names. */
async function unmet(promise: Promise<unknown>): Promise<string[]> {
  const error = await failure(promise);
  expect(error.code).toBe('gate_blocked');
  return (error.details.unmet as { gate: string; criterion: string }[]).map((u) => `${u.gate}/${u.criterion}`);
}

describe('the engineering-os pack', () => {
  const { pack, dir } = readPack(PACK);

  it('loads, with every seed database, each with a purpose, a definition of done, statuses and an SOP', () => {
    const ids = pack.databases.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of SEED_DATABASES) expect(ids).toContain(id);
    for (const db of pack.databases) {
      expect(db.purpose, db.id).toBeTruthy();
      expect(db.definitionOfDone, db.id).toBeTruthy();
      expect(db.sop?.length, db.id).toBeGreaterThan(0);
      expect(db.status.values.length, db.id).toBeGreaterThan(1);
    }
    const waivers = pack.databases.filter((d) => d.role === 'waivers');
    expect(waivers.map((d) => d.id)).toEqual(['change-control']);
  });

  it('names a starter file for every CSV in starters/', () => {
    const named = pack.databases.flatMap((d) => (d.starter ? [d.starter] : [])).sort();
    const files = readdirSync(join(dir, 'starters'))
      .map((f) => `starters/${f}`)
      .sort();
    expect(files.filter((f) => !named.includes(f))).toEqual([]);
  });

  describe('starters', () => {
    let store: Store;
    let s: Session;
    beforeAll(async () => {
      store = await openEngine('pglite');
      s = await newWorkspace(store, { pack: PACK, clock: () => NOW });
    });
    afterAll(async () => {
      await store.close();
    });

    it('every starter imports with zero problems, and every column lands in a field', async () => {
      const reports = await loadStarters(s, pack, dir);
      expect(reports.length).toBe(pack.databases.filter((d) => d.starter).length);
      // The seed's SBOM row carries Notion link residue that spans cells; unwrapped, two cells
      // fall past the header and are reported, not dropped silently.
      const expected: Record<string, string[]> = {
        'security-privacy-safety': ['starters/security-privacy-safety.csv: row 2 has 15 cells but the header has 13; ignored: "Open", "Open"'],
        // Recovered, not read as written: the amount beside a note, and a split column with one part.
        'inspection-lots': [`row 2: column 'Inspector / Date' "2025-02-05" names fewer parts than Inspector, Date; read as Date="2025-02-05"`],
        'value-engineering': [
          'row 2: Current Cost: took 12.4 from "$12.40 (display)"; the cell is kept in Current Cost Note',
          'row 2: Est. Savings: took 3.1 from "$3.10 (-25%)"; the cell is kept in Est. Savings Note',
        ],
        dfx: ['row 2: Service Interval/MTTR target: took 5 from "Fuse swap MTTR < 5 min"; the cell is kept in Service Interval/MTTR Note'],
      };
      for (const report of reports) {
        expect(report.problems, report.database).toEqual([]);
        expect(report.created, report.database).toBe(report.rows);
        expect(
          report.warnings.filter((w) => !w.includes('names no record') && !w.includes('unwrapped Markdown link residue')),
          report.database,
        ).toEqual(expected[report.database] ?? []);
      }
      // Option aliases read the seed's abbreviations as the options they stand for.
      expect((await getRecord(s, 'Unauthorized data access')).fields).toMatchObject({ Severity: 'High', Likelihood: 'Medium', 'Risk Rating': 6 });
      expect((await getRecord(s, 'GTM-0001')).fields.Channels).toEqual(['Deck', 'README/Docs', 'Video', 'Blog']);
      const ecr = await getRecord(s, 'ECR-0001');
      expect(ecr.status).toBe('Under Review');
      expect(ecr.fields).toMatchObject({ Type: 'ECR', 'Impact Analysis': ['Quality', 'Schedule'], 'Risk Level': 'Medium', 'Communications Done': false });
      expect(ecr.unresolved).toEqual({ 'Affected Items': ['R-F-002', 'ICD:Primary Bus'], 'Verification Needed': ['T-012 daylight readability', 'T-013 thermal soak'] });
      const budget = await listRecords(s, { database: 'budget-cost-model', sort: 'key' });
      expect(budget.map((r) => r.fields.Variance)).toEqual([-600, -350, -1200]);
      expect((await getRecord(s, 'PO-0001')).fields['Extended Cost']).toBe(345);
      const risks = await listRecords(s, { database: 'security-privacy-safety', sort: 'key' });
      expect(risks.map((r) => [r.status, r.fields['Risk Rating']])).toEqual([
        ['Mitigated', 6],
        ['Open', 2],
      ]);
      expect((await getRecord(s, 'INC-0007')).status).toBe('Closed');
      // Typed as the seed states: amounts beside notes, percentage points, split and labelled columns.
      expect((await getRecord(s, 'VE-07')).fields).toMatchObject({ 'Current Cost': 12.4, 'Est. Savings': 3.1, Owner: 'Owner', Due: '2025-03-15', 'Est. Savings %': 3.1 / 12.4 });
      expect((await getRecord(s, 'PILOT-01')).fields).toMatchObject({ Yield: 0.9, Qty: 20 });
      expect((await getRecord(s, 'Main Assembly')).fields).toMatchObject({ 'Service Interval/MTTR target': 5, 'Takt/Cycle Time': 6 });
      expect((await getRecord(s, 'EOL-2026-01')).fields).toMatchObject({ 'Announce Date': '2026-04-01', 'LTB Date': '2026-06-01', 'Support End Date': '2027-06-01' });
      expect((await getRecord(s, 'LOT-102')).fields).toMatchObject({ Date: '2025-02-05', 'Qty Received': 10, Result: 'Pass', Disposition: 'Use as-is' });
      expect((await getRecord(s, 'Unauthorized data access')).fields).toMatchObject({ Owner: 'Owner', Due: '2025-02-15' });
      // References into several databases: each links where it is found, the rest wait.
      expect(await getRecord(s, 'INC-0007')).toMatchObject({ fields: { Links: ['RevA-1.0'] }, unresolved: { Links: ['DEF-77'] } });
      expect((await getRecord(s, 'RevA-1.0')).unresolved).toMatchObject({ 'Included Changes': ['ECO-12', 'DEF-44 closed'] });
      expect((await getRecord(s, 'G5 Pilot Approval')).status).toBe('Approved');
    });

    it('re-importing the starters changes nothing', async () => {
      const again = await loadStarters(s, pack, dir);
      for (const report of again) expect(report, report.database).toMatchObject({ created: 0, updated: 0, problems: [] });
    });

    it('the IP, Legal & Compliance starter recovers its Notion link residue into the right columns', async () => {
      expect(await getRecord(s, 'Open Source Notices')).toMatchObject({
        status: 'Compliant',
        fields: { 'Evidence/Links': ['https://repo/sbom.json'], 'Impacted Artifacts': ['RevA-1.0'], 'Notes / Obligations': 'Include NOTICE file in distro' },
        unresolved: { 'Impacted Artifacts': ['Docs'] },
      });
      expect((await getRecord(s, 'EMC/Radio')).status).toBe('Planned');
    });

    it('IP: moving a regulatory item to Compliant needs the labels ticked and the reports archived', async () => {
      const item = [
        ['Item', 'CE marking'],
        ['Category', 'Regulatory'],
        ['Evidence/Links', 'https://lab.test/report.pdf'],
        ['Notes / Obligations', 'CE label on enclosure'],
      ] as [string, string][];
      const key = (await createRecord(s, { database: 'ip-legal-compliance', set: item })).record.key;
      expect(await unmet(moveRecord(s, { ref: key, to: 'Compliant' }))).toEqual(['attest/labels', 'attest/archived']);
      await updateRecord(s, {
        ref: key,
        set: [
          ['Labels & Manual Text Included', 'yes'],
          ['Reports Archived', 'yes'],
        ],
      });
      expect((await moveRecord(s, { ref: key, to: 'Compliant' })).record.status).toBe('Compliant');
    });
  });

  describe('gates', () => {
    let store: Store;
    let s: Session;
    beforeAll(async () => {
      store = await openEngine('pglite');
      s = await newWorkspace(store, { pack: PACK, clock: () => NOW });
    });
    afterAll(async () => {
      await store.close();
    });

    async function create(database: string, fields: Record<string, string>): Promise<string> {
      return (await createRecord(s, { database, set: Object.entries(fields) })).record.key;
    }
    async function set(ref: string, fields: Record<string, string>): Promise<void> {
      await updateRecord(s, { ref, set: Object.entries(fields) });
    }
    async function move(ref: string, ...to: string[]): Promise<string> {
      let status = '';
      for (const next of to) status = (await moveRecord(s, { ref, to: next })).record.status;
      return status;
    }

    it('training sessions (003): delivered with a recording within 24h; reviewed at ≥75% completion, ≥80% pass, ≥4.5 feedback', async () => {
      const key = await create('training-sessions', { Session: 'Module 3 — Quality & CI', Scheduled: '2026-05-20T10:00:00Z', 'Duration (min)': '60' });
      expect(await unmet(moveRecord(s, { ref: key, to: 'Delivered' }))).toEqual(['delivered/attendees', 'delivered/recording']);
      await set(key, { Attendees: '40', 'Recording Link': 'https://example.com/rec3', 'Recording Posted': '2026-05-21T12:00:00Z' });
      expect(await unmet(moveRecord(s, { ref: key, to: 'Delivered' }))).toEqual(['delivered/within-24h']);
      await set(key, { 'Recording Posted': '2026-05-20T18:00:00Z' });
      expect(await move(key, 'Delivered')).toBe('Delivered');
      await set(key, { 'Quiz Completed': '28', Certified: '22', 'Feedback Score': '4.6' });
      expect((await getRecord(s, key)).fields).toMatchObject({ 'Completion Rate': 0.7, 'Pass Rate': 22 / 28 });
      expect(await unmet(moveRecord(s, { ref: key, to: 'Reviewed' }))).toEqual(['reviewed/completion', 'reviewed/pass-rate']);
      await set(key, { 'Quiz Completed': '32', Certified: '27' });
      expect(await move(key, 'Reviewed')).toBe('Reviewed');
    });

    it('change control: affected items count when listed, even before the records exist (pending())', async () => {
      const key = await create('change-control', { 'Change ID': 'ECR-PEND-1', Type: 'ECR', 'Reason/Problem Statement': 'Glare' });
      expect(await unmet(moveRecord(s, { ref: key, to: 'Under Review' }))).toEqual(['entrance/evidence', 'entrance/affected-items']);
      await set(key, { Evidence: 'https://example.com/glare.png', 'Affected Items': 'R-NOT-YET-1' });
      expect((await getRecord(s, key)).unresolved).toEqual({ 'Affected Items': ['R-NOT-YET-1'] });
      expect(await move(key, 'Under Review')).toBe('Under Review');
    });

    it('change control: a change closes only with a rollback plan, Communications Done, a baseline update and every linked test passed', async () => {
      await create('requirements', { 'Requirement ID': 'R-CC-1', Statement: 'Readable in sun' });
      await create('tests', { 'Test ID': 'T-CC-1', Results: 'Fail' });
      const key = await create('change-control', {
        'Change ID': 'ECO-CC-1',
        Type: 'ECO',
        'Reason/Problem Statement': 'Display glitches in sun',
        Evidence: 'https://example.com/defect.png',
        'Affected Items': 'R-CC-1',
        'Impact Analysis': 'Quality;Schedule',
        'Risk Level': 'Medium',
        'Proposed Change': 'High-nit panel',
        Approvals: 'pm;tech-lead',
        'Approval Date(s)': '2026-05-20',
        'Verification Needed': 'T-CC-1',
      });
      expect(await unmet(moveRecord(s, { ref: key, to: 'Closed' }))).toEqual([
        'lifecycle/transition', // Proposed can't jump to Closed
      ]);
      expect(await move(key, 'Under Review', 'Approved')).toBe('Approved');
      expect(await unmet(moveRecord(s, { ref: key, to: 'Closed' }))).toEqual(['exit/rollback', 'exit/comms', 'exit/verified', 'exit/baseline']);
      await set(key, { 'Backout/Rollback Plan': 'Revert to prior panel', 'Communications Done': 'true', 'Baseline Updated': 'true' });
      expect(await unmet(moveRecord(s, { ref: key, to: 'Closed' }))).toEqual(['exit/verified']);
      await set('T-CC-1', { Results: 'Pass' });
      expect(await move(key, 'Closed')).toBe('Closed');
    });

    it('change control: the review gate needs impact, risk and approvals; an ECR must become an ECO to be implemented', async () => {
      await create('requirements', { 'Requirement ID': 'R-CC-2' });
      const key = await create('change-control', {
        'Change ID': 'ECR-CC-2',
        Type: 'ECR',
        'Reason/Problem Statement': 'Connector wear',
        Evidence: 'https://example.com/wear.jpg',
        'Affected Items': 'R-CC-2',
      });
      await move(key, 'Under Review');
      expect(await unmet(moveRecord(s, { ref: key, to: 'Approved' }))).toEqual([
        'review/impact',
        'review/risk-level',
        'review/proposed-change',
        'review/approvals',
        'review/approval-date',
      ]);
      await set(key, { 'Impact Analysis': 'Quality', 'Risk Level': 'Low', 'Proposed Change': 'Gold plating', Approvals: 'pm', 'Approval Date(s)': '2026-05-21' });
      await move(key, 'Approved');
      expect(await unmet(moveRecord(s, { ref: key, to: 'Implemented' }))).toEqual(['implement/eco', 'implement/artifacts-updated']);
      await set(key, { Type: 'ECO', 'Artifacts Updated': 'true' });
      expect(await move(key, 'Implemented')).toBe('Implemented');
    });

    it('change control is the waivers database: an approved, unexpired Waiver passes only the criteria it names', async () => {
      await create('requirements', { 'Requirement ID': 'R-W-1' });
      await create('tests', { 'Test ID': 'T-W-1', Results: 'Fail' });
      const target = await create('change-control', {
        'Change ID': 'ECO-W-1',
        Type: 'ECO',
        'Reason/Problem Statement': 'Swap fastener',
        Evidence: 'https://example.com/e',
        'Affected Items': 'R-W-1',
        'Impact Analysis': 'Cost',
        'Risk Level': 'Low',
        'Proposed Change': 'M3 screws',
        Approvals: 'pm',
        'Approval Date(s)': '2026-05-01',
        'Verification Needed': 'T-W-1',
        'Backout/Rollback Plan': 'Revert',
        'Communications Done': 'true',
        'Baseline Updated': 'true',
      });
      await move(target, 'Under Review', 'Approved');
      const waiver = await create('change-control', {
        'Change ID': 'WVR-1',
        Type: 'Waiver',
        'Reason/Problem Statement': 'Torque test rig is down; field data covers it',
        Evidence: 'https://example.com/field-data',
        'Affected Items': 'R-W-1',
        'Impact Analysis': 'Quality',
        'Risk Level': 'Low',
        'Proposed Change': 'Close ECO-W-1 before T-W-1 passes',
        Approvals: 'qa-lead',
        'Approval Date(s)': '2026-05-30',
        'Waived Record': 'ECO-W-1',
        'Waived Criteria': 'exit/verified',
      });
      await move(waiver, 'Under Review');
      expect(await unmet(moveRecord(s, { ref: waiver, to: 'Approved' }))).toEqual(['review/waiver-approver']);
      await set(waiver, { 'Waiver Approver': 'qa-lead', 'Waiver Expires': '2026-06-30' });
      await move(waiver, 'Approved');
      const { record } = await moveRecord(s, { ref: target, to: 'Closed', waiver });
      expect(record.status).toBe('Closed');
    });

    it('inspection lots: a lot is released only after Pass or an explicit disposition', async () => {
      const lot = await create('inspection-lots', {
        'Lot ID': 'LOT-T1',
        'Qty Received': '10',
        'Sample Size / Plan': 'AQL 1.0; n=3',
        'Checks / Measurements': 'Luminance',
        Result: 'Fail',
        Inspector: 'ana',
        Date: '2026-05-30',
      });
      expect(await unmet(moveRecord(s, { ref: lot, to: 'Released' }))).toEqual(['inspection-record/ncr', 'lot-release/pass-or-disposition']);
      await set(lot, { 'NCR #': 'NCR-7' });
      expect(await unmet(moveRecord(s, { ref: lot, to: 'Released' }))).toEqual(['lot-release/pass-or-disposition']);
      await set(lot, { Disposition: 'Scrap' });
      expect(await unmet(moveRecord(s, { ref: lot, to: 'Released' }))).toEqual(['lot-release/pass-or-disposition']);
      await set(lot, { Disposition: 'Use as-is' });
      expect(await move(lot, 'Released')).toBe('Released');
    });

    it('procurement: a PO for a critical part needs an approved supplier', async () => {
      await create('suppliers', { Supplier: 'Vendor X' });
      await create('suppliers', { Supplier: 'Vendor Y' });
      await create('bom-items', { 'Part Number': 'DISP-T', Critical: 'true', Qty: '1', 'Unit Cost': '34.5' });
      const po = await create('procurement', {
        'PO ID': 'PO-T1',
        'Item / Spec / PN': 'Display rev B',
        'BOM Item': 'DISP-T',
        Supplier: 'Vendor X',
        'Alt Sources': 'Vendor Y',
        'RFQ Responses': '2',
        Qty: '10',
        'Unit Cost': '34.50',
        'Expected Receipt': '2026-06-20',
      });
      expect((await getRecord(s, po)).fields['Extended Cost']).toBe(345);
      expect(await unmet(moveRecord(s, { ref: po, to: 'Ordered' }))).toEqual(['po-issue/approved-supplier']);
      await set('Vendor X', { Approved: 'true' });
      expect(await move(po, 'Ordered')).toBe('Ordered');
    });

    it('incidents: an incident closes only with a root cause and follow-ups that have owners and due dates; a SEV2 needs a postmortem within 72 hours', async () => {
      const inc = await create('incidents', { 'Incident ID': 'INC-T1', Severity: 'SEV2', Start: '2026-05-30 10:00', End: '2026-05-30 11:00' });
      expect(await unmet(moveRecord(s, { ref: inc, to: 'Closed' }))).toEqual([
        'close/root-cause',
        'close/follow-ups',
        'close-tracked/follow-ups-tracked',
        'close-tracked/postmortem',
      ]);
      const action = await create('action-items', { Action: 'Add watchdog test' });
      await set(inc, { 'Root Cause': 'SD write contention', 'Follow-up Actions': action });
      expect(await unmet(moveRecord(s, { ref: inc, to: 'Closed' }))).toEqual(['close/follow-up-owners', 'close-tracked/postmortem']);
      await set(action, { Owner: 'ana', 'Due Date': '2026-06-10' });
      const late = await create('postmortems', { Postmortem: 'Logging stops (late)', Date: '2026-06-05' });
      await set(inc, { Postmortem: late });
      expect(await unmet(moveRecord(s, { ref: inc, to: 'Closed' }))).toEqual(['close-tracked/postmortem']);
      const onTime = await create('postmortems', { Postmortem: 'Logging stops', Date: '2026-06-01' });
      await set(inc, { Postmortem: onTime });
      expect(await move(inc, 'Closed')).toBe('Closed');
    });

    it('retros: a P1/P2 retro needs, within 48 hours, at least one action item with an owner and a due date', async () => {
      const action = await create('action-items', { Action: 'Add canary for ingestion', Owner: 'bo' });
      const retro = await create('retros', {
        Retro: 'Ingestion outage',
        Kind: 'Incident Retro',
        Priority: 'P1',
        'Resolved At': '2026-05-28 09:00',
        'Held At': '2026-05-31 09:00',
        'Root Cause (by layer)': 'Queue saturation',
        Blameless: 'true',
        'Action Items': action,
      });
      expect(await unmet(moveRecord(s, { ref: retro, to: 'Held' }))).toEqual(['held/within-48h', 'held/action-item']);
      await set(retro, { 'Held At': '2026-05-29 15:00' });
      await set(action, { 'Due Date': '2026-06-15' });
      expect(await move(retro, 'Held')).toBe('Held');
      expect(await unmet(moveRecord(s, { ref: retro, to: 'Closed' }))).toEqual(['close/actions-done']);
    });

    it('postmortems: no postmortem ends without at least one prevention mechanism', async () => {
      await create('adrs', { 'ADR ID': 'ADR-T1' });
      const action = await create('action-items', { Action: 'Buffered writes', Owner: 'ana', 'Due Date': '2026-06-10' });
      const pm = await create('postmortems', {
        Postmortem: 'Week burned on flaky rig',
        Timeline: 'Mon–Fri',
        Impact: '20 hours',
        'Root Causes': 'Unpinned toolchain',
        'Action Items': action,
        ADRs: 'ADR-T1',
      });
      expect(await unmet(moveRecord(s, { ref: pm, to: 'Closed' }))).toEqual(['close/prevention']);
      await set(pm, { 'Prevention Mechanism': 'Checklist item;Test case' });
      expect(await move(pm, 'Closed')).toBe('Closed');
    });

    it('work items: a hard WIP limit, nobody has more than 3 work items In Progress', async () => {
      const items: string[] = [];
      for (let i = 0; i < 4; i++)
        items.push(await create('work-items', { Title: `wip ${i}`, Type: 'Chore', Assignee: 'ana', 'Definition of Done': 'merged + deployed', Milestone: 'M1' }));
      for (const item of items.slice(0, 3)) await move(item, 'In Progress');
      expect(await unmet(moveRecord(s, { ref: items[3] ?? '', to: 'In Progress' }))).toEqual(['wip/wip-limit']);
      const other = await create('work-items', { Title: 'bo wip', Type: 'Chore', Assignee: 'bo', 'Definition of Done': 'merged', Milestone: 'M1' });
      expect(await move(other, 'In Progress')).toBe('In Progress');
      await set(items[0] ?? '', { 'PR Links': 'https://github.com/acme/app/pull/1' });
      await move(items[0] ?? '', 'In Review');
      expect(await move(items[3] ?? '', 'In Progress')).toBe('In Progress');
    });

    it('work items: interface/contract work cannot enter In Progress without its DoD fields and a mock/contract link', async () => {
      const item = await create('work-items', { Title: 'Simplified install API', Type: 'Interface/Contract', Assignee: 'cy' });
      expect(await unmet(moveRecord(s, { ref: item, to: 'In Progress' }))).toEqual([
        'definition-of-done/dod',
        'definition-of-done/milestone',
        'contract-first/prd-lite',
        'contract-first/non-goals-risks',
        'contract-first/mock-or-contract',
        'contract-first/design-note',
        'contract-first/data-security',
      ]);
      await set(item, {
        'Definition of Done': 'Contract reviewed with UX; SDK smoke test green',
        Milestone: 'D150',
        Problem: 'Installers ask for the same data twice',
        User: 'Field engineer',
        Workflow: 'Install → configure → verify',
        'Success Criteria': 'Install in under 10 minutes',
        'Non-goals': 'Air-gapped installs',
        Risks: 'Auth scopes',
      });
      const stubbed = await getRecord(s, item);
      const [note] = stubbed.fields['Design Note'] as string[];
      expect(note).toMatch(/^DN-\d{4}$/);
      const noteRecord = await getRecord(s, note ?? '');
      expect(noteRecord).toMatchObject({ title: `Design note: ${item} Simplified install API`, status: 'Draft', fields: { 'Work Item': [item] } });
      await set(note ?? '', { Approach: 'One install endpoint' });
      expect(await unmet(moveRecord(s, { ref: item, to: 'In Progress' }))).toEqual([
        'contract-first/mock-or-contract',
        'contract-first/design-note',
        'contract-first/data-security',
      ]);
      await set(item, { 'API Contract Link': 'https://example.com/openapi.yaml' });
      await set(note ?? '', {
        'API/Interface Impacts': 'New POST /installs',
        'Data Model Impacts': 'installs table; backfill migration',
        'Security Implications': 'installer role; audit fields',
      });
      expect(await move(item, 'In Progress')).toBe('In Progress');
    });

    it('imported interface/contract work items get their design note stubbed too', async () => {
      const report = await importCsv(s, { database: 'work-items', file: 'w.csv', text: 'Title,Type\nImported contract,Interface/Contract\nImported chore,Chore\n' });
      expect(report).toMatchObject({ created: 2, problems: [] });
      expect((await getRecord(s, 'Imported contract')).fields['Design Note']).toEqual([expect.stringMatching(/^DN-\d{4}$/)]);
      expect((await getRecord(s, 'Imported chore')).fields['Design Note']).toBeUndefined();
    });

    it('releases: PRR needs the checklists, reproducible artifacts and frozen baselines', async () => {
      await create('baselines', { Baseline: 'FW v9.0', Version: '9.0', Date: '2026-05-20', 'Contents / Link': 'https://example.com/fw-9.0.tar', 'Approved By': 'tl' });
      const release = await create('releases', {
        'Release ID / Version': 'RevT-1.0',
        Artifacts: 'https://example.com/fw.bin',
        'Verification Evidence': 'https://example.com/verif.pdf',
        Approvals: 'pm;tl',
        Baselines: 'FW v9.0',
      });
      expect(await unmet(moveRecord(s, { ref: release, to: 'Released' }))).toEqual([
        'release-record/rollback',
        'prr/pre-release-checklist',
        'prr/release-checklist',
        'prr/reproducible',
        'prr/baselines-frozen',
        'prr/sbom',
        'prr/privacy-notice',
        'prr/runbooks',
      ]);
      await set(release, {
        'Rollback Plan': 'Revert to RevT-0.9',
        'Pre-Release Checklist Done': 'true',
        'Release Checklist Done': 'true',
        'Artifacts Reproducible': 'true',
        'SBOM Published': 'true',
        'Privacy Notice Documented': 'true',
      });
      expect(await unmet(moveRecord(s, { ref: release, to: 'Released' }))).toEqual(['prr/baselines-frozen', 'prr/runbooks']);
      const runbook = await create('runbooks', {
        'Runbook ID': 'RB-T1',
        'Start/Stop/Deploy Procedures': 'systemctl start logger',
        'SLOs/SLAs': '99.5% of sessions logged',
        'Health Checks/Monitors': 'heartbeat every 60s',
        Escalation: 'on-call 08–20h, then owner',
        'Last Test': '2026-05-15',
        Owner: 'sre',
      });
      await move(runbook, 'Active');
      await set(release, { Runbooks: runbook });
      await move('FW v9.0', 'Frozen');
      expect(await move(release, 'Released')).toBe('Released');
    });

    it('release reviews: each stage (Mock → Staging → Production) has its checklist', async () => {
      const review = await create('release-reviews', { Review: 'OCC 1.4' });
      expect(await unmet(moveRecord(s, { ref: review, to: 'Staging Review' }))).toEqual(['mock/ux-signed', 'mock/evidence', 'mock/risks']);
      await set(review, { 'Tile UX Walkthrough Signed': 'true', 'Evidence Bundle': 'https://ci/run/1', 'Open Risks Documented': 'true' });
      await move(review, 'Staging Review');
      expect(await unmet(moveRecord(s, { ref: review, to: 'Production Go/No-Go' }))).toEqual([
        'staging/tagged-build',
        'staging/runbook',
        'staging/integrations',
        'staging/nightly-metrics',
        'staging/thresholds',
      ]);
      const runbook = await create('runbooks', { 'Runbook ID': 'RB-RR-1' });
      await set(review, {
        'Tagged Build': 'v1.4.0',
        Runbook: runbook,
        'Integrations Verified': 'true',
        'Nightly Metrics Run': 'true',
        'Metrics vs Thresholds': 'activation 41% vs 40%; 0 SLA breaches',
        'Thresholds Met': 'true',
      });
      await move(review, 'Production Go/No-Go');
      expect(await unmet(moveRecord(s, { ref: review, to: 'Shipped' }))).toEqual([
        'production/comms',
        'production/support',
        'production/reliability',
        'production/rollback',
        'production/go',
        'production/logged',
      ]);
      await set(review, {
        'Comms Package Ready': 'true',
        'Support Sign-off': 'true',
        'Reliability Sign-off': 'true',
        'Rollback Plan Validated': 'true',
        'Go/No-Go': 'Go',
        'Decision Logged': 'true',
      });
      expect(await move(review, 'Shipped')).toBe('Shipped');
    });

    it('projects: the design reviews gate the phases; Build start counts the critical-path POs still unplaced', async () => {
      await create('suppliers', { Supplier: 'Vendor P', Approved: 'true' });
      await create('suppliers', { Supplier: 'Vendor Q' });
      await create('bom-items', { 'Part Number': 'CRIT-P', Critical: 'true', Qty: '1', 'Unit Cost': '10', Supplier: 'Vendor P' });
      const project = await create('projects', { Project: 'Rev P', Owner: 'kian', 'One-Sentence Value': 'Helps drivers trust telemetry', 'BOM Items': 'CRIT-P' });
      const po = await create('procurement', {
        'PO ID': 'PO-P1',
        'Item / Spec / PN': 'CRIT-P rev A',
        'BOM Item': 'CRIT-P',
        'Critical Part': 'true',
        Project: 'Rev P',
        Supplier: 'Vendor P',
        'Alt Sources': 'Vendor Q',
        'RFQ Responses': '2',
        Qty: '20',
        'Unit Cost': '10',
        'Expected Receipt': '2026-07-01',
      });
      expect(await move(project, 'Planning')).toBe('Planning');
      expect(await unmet(moveRecord(s, { ref: project, to: 'Build' }))).toEqual([
        'pdr/budget-baselined',
        'pdr/requirements',
        'build-start/critical-pos-placed',
        'build-start/alternates',
        'cdr/unit-economics',
        'cdr/contingency',
        'cdr/funding',
      ]);
      await move(po, 'Ordered');
      await set('CRIT-P', { 'Alternate Suppliers': 'Vendor Q' });
      // Contingency % is a filtered rollup: the Contingency lines over the rest of the plan.
      await create('budget-cost-model', { 'Line Item': 'Rev P NRE', Category: 'NRE', 'Amount – Planned': '1000' });
      await create('budget-cost-model', { 'Line Item': 'Rev P contingency', Category: 'Contingency', 'Amount – Planned': '150' });
      await set(project, { 'Budget Lines': 'Rev P NRE;Rev P contingency', 'Funding Secured': 'true' });
      expect((await getRecord(s, project)).fields).toMatchObject({ 'Planned Budget': 1150, 'Contingency Budget': 150, 'Contingency %': 0.15 });
      expect(await unmet(moveRecord(s, { ref: project, to: 'Build' }))).toEqual(['pdr/budget-baselined', 'pdr/requirements', 'cdr/unit-economics']);
    });

    it('formulas and rollups: Extended Cost, BOM Cost, Current Estimated Unit Cost, Delta vs Target, Risk Rating', async () => {
      await create('bom-items', { 'Part Number': 'PCB-F', Qty: '1', 'Unit Cost': '12.5' });
      await create('bom-items', { 'Part Number': 'SCREW-F', Qty: '4', 'Unit Cost': '0.25' });
      const model = await create('unit-economics', {
        'Unit Cost Model': 'Rev F unit',
        'BOM Items': 'PCB-F;SCREW-F',
        'Assembly Labor': '5',
        'Overhead/Allocated': '2.5',
        'Target Unit Cost': '20',
        'Target MSRP': '50',
        'Tolerance %': '4%',
      });
      expect((await getRecord(s, model)).fields).toMatchObject({ 'BOM Cost': 13.5, 'Current Estimated Unit Cost': 21, 'Delta vs Target': 1, 'Margin at MSRP': 0.58 });
      expect(await unmet(moveRecord(s, { ref: model, to: 'Validated at CDR' }))).toEqual(['cdr/within-target']);
      await set('SCREW-F', { 'Unit Cost': '0.1' });
      expect((await getRecord(s, model)).fields['Current Estimated Unit Cost']).toBeCloseTo(20.4);
      expect(await move(model, 'Validated at CDR')).toBe('Validated at CDR');
      const project = await create('projects', { Project: 'Rev F', 'BOM Items': 'PCB-F;SCREW-F', 'Target Unit Cost': '12' });
      expect((await getRecord(s, project)).fields['BOM Cost']).toBeCloseTo(12.9);
      expect((await getRecord(s, project)).fields['Delta vs Target']).toBeCloseTo(0.9);
      const risk = await create('risk-register', { Risk: 'Display supply', Severity: '4', Likelihood: '3' });
      expect((await getRecord(s, risk)).fields['Risk Rating']).toBe(12);
      const budget = await create('budget-cost-model', { 'Line Item': 'Pilot PCBs', 'Amount – Planned': '600', 'Amount – Actual': '690' });
      expect((await getRecord(s, budget)).fields.Variance).toBe(90);
    });
  });
});

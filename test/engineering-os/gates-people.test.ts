import { beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/app/import/import-csv.ts';
import { getRecord } from '../../src/app/records/read-records.ts';
import { moveRecord } from '../../src/app/records/update-record.ts';
import type { Session } from '../../src/app/session.ts';
import { failure } from '../support/failure.ts';
import { packWorkspace, unmet } from './pack-harness.ts';

describe('engineering-os gates: people, culture, product and execution', () => {
  const h = packWorkspace();
  const { create, set, move, sign } = h;
  let s: Session;
  beforeAll(() => {
    s = h.session();
  });

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
    expect(await unmet(moveRecord(s, { ref: item, to: 'In Progress' }))).toEqual(['contract-first/mock-or-contract', 'contract-first/design-note', 'contract-first/data-security']);
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

  it('retros: a COE needs 3–5 corrective actions, each with a DRI and a date (a filtered rollup counts them)', async () => {
    const a1 = await create('action-items', { Action: 'Pin toolchain', Owner: 'ana', 'Due Date': '2026-06-10' });
    const a2 = await create('action-items', { Action: 'Add rig self-test', Owner: 'bo', 'Due Date': '2026-06-12' });
    const a3 = await create('action-items', { Action: 'Document rig reset' });
    const coe = await create('retros', {
      Retro: 'COE: simplified interface miss',
      Kind: 'Retro/COE',
      Priority: 'P3',
      'Root Cause (by layer)': 'Intent not testable before build',
      Blameless: 'true',
      'Action Items': `${a1};${a2};${a3}`,
    });
    expect((await getRecord(s, coe)).fields).toMatchObject({ 'Action Item Count': 3, 'Owned Dated Actions': 2 });
    expect(await unmet(moveRecord(s, { ref: coe, to: 'Held' }))).toEqual(['held/coe-actions']);
    await set(a3, { Owner: 'cy', 'Due Date': '2026-06-15' });
    expect((await getRecord(s, coe)).fields['Owned Dated Actions']).toBe(3);
    expect(await move(coe, 'Held')).toBe('Held');
  });

  it('work items: the WIP limit gives way only to an approved, unexpired waiver that names the item and the criterion', async () => {
    const items: string[] = [];
    for (let i = 0; i < 4; i++)
      items.push(await create('work-items', { Title: `waiver wip ${i}`, Type: 'Chore', Assignee: 'dee', 'Definition of Done': 'merged', Milestone: 'M2' }));
    for (const item of items.slice(0, 3)) await move(item, 'In Progress');
    const fourth = items[3] ?? '';
    const waiver = await create('change-control', {
      'Change ID': 'WVR-WIP-1',
      Type: 'Waiver',
      'Reason/Problem Statement': 'Release week: dee carries a fourth item for two days',
      Evidence: 'https://example.com/release-plan',
      'Affected Items': 'R-WIP-1',
      'Impact Analysis': 'Schedule',
      'Risk Level': 'Low',
      'Proposed Change': 'Allow a fourth In Progress item',
      Approvals: 'vp-eng',
      'Approval Date(s)': '2026-05-31',
      'Waived Record': fourth,
      'Waived Criteria': 'wip/wip-limit',
      'Waiver Approver': 'vp-eng',
      'Waiver Expires': '2026-06-03',
    });
    // Not yet approved: the waiver doesn't count.
    const early = await failure(moveRecord(s, { ref: fourth, to: 'In Progress', waiver }));
    expect(early.code).toBe('gate_blocked');
    await move(waiver, 'Under Review');
    await sign(waiver, 'Approval', 'qa-lead', 'qa');
    await move(waiver, 'Approved');
    const { record } = await moveRecord(s, { ref: fourth, to: 'In Progress', waiver });
    expect(record.status).toBe('In Progress');
  });

  it('module checklists: the problem/solution-fit checklist counts 10 or more interviews logged with quotes', async () => {
    const checklist = await create('module-checklists', { Checklist: 'PSF — Rev A', Kind: 'Problem/Solution Fit', Owner: 'kian' });
    expect(await unmet(moveRecord(s, { ref: checklist, to: 'Complete' }))).toEqual([
      'psf/icp-v0-is-narrow',
      'psf/ten-interviews-with-quotes',
      'psf/top-three-pains-ranked',
      'psf/workarounds-documented-with-real',
      'psf/a-must-have-outcome',
    ]);
    for (const [i, pain] of ['Lost laps', 'Manual re-entry', 'No trust in data'].entries()) {
      await create('jobs-pains', {
        'Job / Pain': pain,
        Frequency: String(5 - i),
        Severity: '4',
        'Current Workaround': 'paper notes',
        'Cost of Workaround': '2 h per event',
        ...(i === 0 ? { 'Must-Have Outcome': 'No lap lost in a season' } : {}),
      });
    }
    const interview = (n: number) => ({
      Interview: `PSF interview ${n}`,
      Status: 'Done',
      Date: '2026-05-20',
      'Last Time It Happened': 'Last track day',
      'Current Workaround': 'Paper notes',
      'Cost of Workaround': '2 h',
      'Exact Quotes': `"I lose a session every other weekend" (#${n})`,
    });
    for (let n = 1; n <= 9; n++) await create('interviews', interview(n));
    await create('interviews', { Interview: 'PSF interview without quotes', Date: '2026-05-21' });
    await set(checklist, { Ticked: 'ICP v0 is narrow and real' });
    expect(await unmet(moveRecord(s, { ref: checklist, to: 'Complete' }))).toEqual(['psf/ten-interviews-with-quotes']);
    await create('interviews', interview(10));
    expect(await move(checklist, 'Complete')).toBe('Complete');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src/app/import/import-csv.ts';
import { recordEvidence } from '../../src/app/records/record-evidence.ts';
import { getRecordView } from '../../src/app/records/record-view.ts';
import { moveRecord } from '../../src/app/records/update-record.ts';
import { PACK, packWorkspace, unmet } from './pack-harness.ts';

/** The G6 gate review of the starters, ready for its GO but for the deliverables. */
const G6 = {
  Gate: 'G6 Launch Readiness',
  Meeting: '2025-12-05 14:00',
  'Pre-read Distributed': '2025-12-04 17:00',
  'Evidence Package': 'planning/60_launch/evidence.md',
  'Success Criteria Met': '5',
  'Success Criteria Total': '5',
  Business: 'GO',
  Product: 'GO',
  Engineering: 'GO',
  QA: 'GO',
  Data: 'GO',
  SRE: 'GO',
  Decision: 'GO',
  'Decision Time': '2025-12-05 15:00',
};

/** What stands before G6's GO with no signature and its deliverables Not Started. */
const GO_UNMET = ['go/accountable', 'go/co-approvers', 'go/consulted', 'go/deliverables-complete'];

describe('engineering-os: links count from both sides (issue 10, point 5)', () => {
  const h = packWorkspace();

  it('G6 cannot be approved with the 22 starter deliverables Not Started pointing at it, and can once they are complete', async () => {
    const s = h.session();
    await h.create('gate-reviews', G6);
    const report = await importCsv(s, { database: 'deliverables', file: 'deliverables.csv', text: readFileSync(join(PACK, 'starters/deliverables.csv'), 'utf8') });
    expect(report).toMatchObject({ problems: [], created: 22 });
    const view = await getRecordView(s, G6.Gate);
    expect(view.inverse?.Deliverables).toHaveLength(22);
    expect(new Set(view.inverse?.Deliverables?.map((d) => d.status))).toEqual(new Set(['Not Started']));
    // The evidence gate and the GO gate both read the deliverables that point at the gate.
    expect(await unmet(moveRecord(s, { ref: G6.Gate, to: 'Evidence Ready' }))).toEqual(['evidence/deliverables']);
    expect(await unmet(moveRecord(s, { ref: G6.Gate, to: 'Approved' }))).toEqual(GO_UNMET);
    const keys = (view.inverse?.Deliverables ?? []).map((d) => d.key);
    for (const key of keys.slice(0, 21)) {
      await h.set(key, { 'Evidence File': `evidence/${key}.md`, 'Completed On': '2025-12-03' });
      await h.move(key, 'Complete');
    }
    // Every persona signs in their own role (ADR 044); one deliverable left Not Started still blocks the GO.
    for (const [field, by, role] of [
      ['Business Sign-off', 'bo', 'business'],
      ['Product Sign-off', 'priya', 'product'],
      ['Engineering Sign-off', 'tl', 'engineering'],
      ['QA Sign-off', 'quinn', 'qa'],
      ['Data Sign-off', 'dana', 'data'],
      ['SRE Sign-off', 'sid', 'sre'],
    ] as const) {
      await h.sign(G6.Gate, field, by, role);
    }
    expect(await unmet(moveRecord(s, { ref: G6.Gate, to: 'Approved' }))).toEqual(['go/deliverables-complete']);
    const last = keys[21] as string;
    await h.set(last, { 'Evidence File': 'evidence/last.md', 'Completed On': '2025-12-04' });
    await h.move(last, 'Complete');
    expect(await h.move(G6.Gate, 'Evidence Ready', 'Approved')).toBe('Approved');
    // The approval froze the evidence: the 22 deliverables at the versions the decision saw, and the package.
    const evidence = await recordEvidence(s, G6.Gate);
    expect(evidence).toMatchObject({ changed: false, intact: true, decision: { from: 'Evidence Ready', to: 'Approved' } });
    expect(evidence.items.map((i) => [i.relation, i.direction])).toEqual(keys.map(() => ['Deliverables', 'inverse']));
    expect(evidence.items.map((i) => i.key)).toEqual(keys);
    expect(evidence.links).toEqual([{ field: 'Evidence Package', value: 'planning/60_launch/evidence.md', changed: false }]);
    await h.set(keys[0] as string, { 'Evidence File': 'evidence/rewritten.md' });
    expect((await recordEvidence(s, G6.Gate)).items.filter((i) => i.changed).map((i) => i.key)).toEqual([keys[0]]);
  }, 120_000);

  it('a SEV2 incident closes on a postmortem that names it, linked only from the postmortem side', async () => {
    const inc = await h.create('incidents', { 'Incident ID': 'INC-901', Severity: 'SEV2', Start: '2026-05-30 10:00', End: '2026-05-30 11:00' });
    const action = await h.create('action-items', { Action: 'Add a watchdog', Owner: 'ana', 'Due Date': '2026-06-10' });
    await h.set(inc, { 'Root Cause': 'SD write contention', 'Follow-up Actions': action });
    expect(await unmet(moveRecord(h.session(), { ref: inc, to: 'Closed' }))).toEqual(['close-tracked/postmortem']);
    const late = await h.create('postmortems', { Postmortem: 'INC-901 (late)', Date: '2026-06-05', Incident: inc });
    expect(await unmet(moveRecord(h.session(), { ref: inc, to: 'Closed' }))).toEqual(['close-tracked/postmortem']);
    await h.set(late, { Date: '2026-06-01' });
    expect(await h.move(inc, 'Closed')).toBe('Closed');
  }, 60_000);

  it('a requirement is verified only when the tests that name it pass too; an incident shows its postmortems and retros; a change shows on what it affects', async () => {
    const test = await h.create('tests', { 'Test ID': 'T-900 soak', Results: 'Fail' });
    const req = await h.create('requirements', {
      'Requirement ID': 'R-900',
      Statement: 'Survives a soak',
      'Acceptance Criteria': '72h without restart',
      'Verification Method': 'Test',
      Owner: 'Tech Lead',
    });
    await h.set(test, { Requirements: req });
    await h.move(req, 'Approved');
    expect(await unmet(moveRecord(h.session(), { ref: req, to: 'Verified' }))).toEqual(['verify/tests-pass']);
    await h.set(test, { Results: 'Pass' });
    expect(await h.move(req, 'Verified')).toBe('Verified');
    expect((await getRecordView(h.session(), req)).inverse).toMatchObject({ 'Tested By': [{ key: test }] });
    const change = await h.create('change-control', { 'Change ID': 'ECR-900', Type: 'ECR', 'Affected Items': `${req}; Test:${test}` });
    expect((await getRecordView(h.session(), req)).inverse).toMatchObject({ 'Changed By': [{ key: change }] });
    expect((await getRecordView(h.session(), test)).inverse).toMatchObject({ 'Changed By': [{ key: change }], Verifies: [] });
    const incident = await h.create('incidents', { 'Incident ID': 'INC-900' });
    const postmortem = await h.create('postmortems', { Postmortem: 'INC-900 postmortem', Incident: incident });
    const retro = await h.create('retros', { Retro: 'INC-900 retro', Incident: incident });
    expect((await getRecordView(h.session(), incident)).inverse).toMatchObject({ Postmortems: [{ key: postmortem }], Retros: [{ key: retro }] });
  }, 60_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/app/decide.ts';
import { getRecord } from '../../src/app/records/read-records.ts';
import { moveRecord } from '../../src/app/records/update-record.ts';
import type { Session } from '../../src/app/session.ts';
import { failure } from '../support/failure.ts';
import { packWorkspace, unmet } from './pack-harness.ts';

describe('engineering-os gates: governance, supply chain, quality and lifecycle', () => {
  const h = packWorkspace();
  const { create, set, move, sign } = h;
  let s: Session;
  beforeAll(() => {
    s = h.session();
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
    await move(key, 'Under Review');
    // An ECO's approval is signed by engineering, as its Type fixes.
    await sign(key, 'Approval', 'eng-lead', 'engineering');
    expect(await move(key, 'Approved')).toBe('Approved');
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
      'approver/signed',
    ]);
    await set(key, { 'Impact Analysis': 'Quality', 'Risk Level': 'Low', 'Proposed Change': 'Gold plating', Approvals: 'pm', 'Approval Date(s)': '2026-05-21' });
    await sign(key, 'Approval', 'eng-lead', 'engineering');
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
    await move(target, 'Under Review');
    await sign(target, 'Approval', 'eng-lead', 'engineering');
    await move(target, 'Approved');
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
    expect(await unmet(moveRecord(s, { ref: waiver, to: 'Approved' }))).toEqual(['review/waiver-approver', 'approver/signed']);
    await set(waiver, { 'Waiver Approver': 'qa-lead', 'Waiver Expires': '2026-06-30' });
    // A waiver's approval is qa's to sign: not engineering's, and not its author's.
    expect((await failure(sign(waiver, 'Approval', 'eng-lead', 'engineering'))).message).toBe(`Only qa can sign Approval of ${waiver}; eng-lead has the engineering role`);
    expect((await failure(sign(waiver, 'Approval', 'tester', 'qa'))).message).toBe(
      `tester created ${waiver}, so someone else must sign Approval (four-eyes: distinct from createdBy)`,
    );
    await sign(waiver, 'Approval', 'qa-lead', 'qa');
    await move(waiver, 'Approved');
    // Changed after its approval, the waiver's signature is stale: it no longer waives anything until signed again.
    await set(waiver, { 'Waiver Expires': '2026-07-31' });
    const stale = await failure(moveRecord(s, { ref: target, to: 'Closed', waiver }));
    expect(stale.code).toBe('gate_blocked');
    expect(stale.details.waiver).toMatchObject({ key: waiver, problem: expect.stringMatching(/^waiver WVR-1 is not approved/) });
    await sign(waiver, 'Approval', 'qa-lead', 'qa');
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
    // A sign-off is not a checkbox: no one can tick it.
    const ticked = await failure(set(review, { 'Support Sign-off': 'true' }));
    expect(ticked.code).toBe('invalid_input');
    expect(ticked.message).toContain("Support Sign-off is a sign-off: it can't be set or cleared as a value");
    await set(review, { 'Comms Package Ready': 'true', 'Rollback Plan Validated': 'true', 'Go/No-Go': 'Go' });
    expect(await unmet(moveRecord(s, { ref: review, to: 'Shipped' }))).toEqual(['production/support', 'production/reliability', 'production/logged']);
    // Support readiness is the product persona's to sign, reliability an SRE's.
    expect((await failure(sign(review, 'Reliability Sign-off', 'pam', 'product'))).message).toBe(`Only sre can sign Reliability Sign-off of ${review}; pam has the product role`);
    await sign(review, 'Support Sign-off', 'pam', 'product');
    await sign(review, 'Reliability Sign-off', 'sid', 'sre', 'no_go');
    expect(await unmet(moveRecord(s, { ref: review, to: 'Shipped' }))).toEqual(['production/reliability', 'production/logged']);
    await sign(review, 'Reliability Sign-off', 'sid', 'sre');
    // The decision log itself says it: a No-Go, or a Go about another review, does not count.
    expect(await unmet(moveRecord(s, { ref: review, to: 'Shipped' }))).toEqual(['production/logged']);
    const other = await create('release-reviews', { Review: 'OCC 1.3' });
    await decide(s, { scope: 'ops', action: 'release.go', summary: 'Ship 1.3', record: other });
    await decide(s, { scope: 'ops', action: 'release.no_go', summary: 'Hold 1.4', record: review });
    expect(await unmet(moveRecord(s, { ref: review, to: 'Shipped' }))).toEqual(['production/logged']);
    await decide(s, { scope: 'ops', action: 'release.go', summary: 'Ship 1.4: thresholds met, sign-offs in', record: review });
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

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

// Issue 10's three records that were created straight into a later status past the gates on the way
// there. Each is now decided as a walk of the lifecycle from the initial status (ADR 042), through
// `eos record create` and through `eos import csv`, both in real processes.

const step = (from: string, to: string) => ({ from, to });
const UNDER_REVIEW = step('Proposed', 'Under Review');
const APPROVED = step('Under Review', 'Approved');

/** The waiver of the issue: Approved, with no approval, approval date, approver or expiry. */
const WAIVER = { 'Change ID': 'WVR-1', Type: 'Waiver', Status: 'Approved', 'Waived Record': 'INC-9', 'Waived Criteria': 'close-tracked/postmortem' };
const WAIVER_UNMET = [
  { gate: 'submission', criterion: 'problem-statement', message: 'Write the reason / problem statement', step: UNDER_REVIEW },
  { gate: 'entrance', criterion: 'evidence', message: 'Attach evidence (defects, test results)', step: UNDER_REVIEW },
  {
    gate: 'entrance',
    criterion: 'affected-items',
    message: "List at least one affected item (a record, or a reference to one that doesn't exist yet)",
    step: UNDER_REVIEW,
  },
  { gate: 'review', criterion: 'impact', message: 'Impact Analysis must name at least one area (safety, quality, cost, schedule, compliance)', step: APPROVED },
  { gate: 'review', criterion: 'risk-level', message: 'Set a Risk Level', step: APPROVED },
  { gate: 'review', criterion: 'proposed-change', message: 'Describe the proposed change', step: APPROVED },
  { gate: 'review', criterion: 'approvals', message: 'Record who approved the change', step: APPROVED },
  { gate: 'review', criterion: 'approval-date', message: 'Record the approval date', step: APPROVED },
  { gate: 'review', criterion: 'waiver-approver', message: 'A waiver or deviation names an approver and an expiry date', step: APPROVED },
  // The approval is a signature of the role the Type fixes (qa for a waiver; ADR 044), never a field its author picks.
  {
    gate: 'approver',
    criterion: 'signed',
    message: 'Get the Approval signed GO by the role its Type names (ECR, ECO: engineering; Deviation, Waiver: qa), not by the author',
    step: APPROVED,
  },
];

/** A SEV1 incident born Closed, with a root cause but no postmortem. */
const INCIDENT = {
  'Incident ID': 'INC-9',
  Severity: 'SEV1',
  Status: 'Closed',
  Start: '2026-05-01T10:00:00Z',
  End: '2026-05-01T11:00:00Z',
  'Root Cause': 'Expired cert',
  'Follow-ups': 'Rotate certs',
};
const CLOSED = step('Open', 'Closed');
const INCIDENT_UNMET = [
  { gate: 'close-tracked', criterion: 'follow-ups-tracked', message: 'Track the follow-ups as action items with owners and dates', step: CLOSED },
  { gate: 'close-tracked', criterion: 'postmortem', message: 'A SEV1/SEV2 incident needs a postmortem dated within 72 hours of its end', step: CLOSED },
];

/** A release review born at Production Go/No-Go, with neither the mock nor the staging review done. */
const REVIEW = { Review: 'Tile v2', Status: 'Production Go/No-Go' };
const STAGING = step('Mock Review', 'Staging Review');
const GO_NO_GO = step('Staging Review', 'Production Go/No-Go');
const REVIEW_UNMET = [
  { gate: 'mock', criterion: 'ux-signed', message: 'Get the UX walkthrough signed by design + engineering', step: STAGING },
  { gate: 'mock', criterion: 'evidence', message: 'Attach the evidence bundle (Vitest + Playwright, Lighthouse, data contract notes)', step: STAGING },
  { gate: 'mock', criterion: 'risks', message: 'Document open risks and outstanding telemetry stories', step: STAGING },
  { gate: 'staging', criterion: 'tagged-build', message: 'Deploy a tagged build to staging', step: GO_NO_GO },
  { gate: 'staging', criterion: 'runbook', message: 'Attach the runbook', step: GO_NO_GO },
  { gate: 'staging', criterion: 'integrations', message: 'Verify integrations with sandbox creds', step: GO_NO_GO },
  { gate: 'staging', criterion: 'nightly-metrics', message: 'Run the nightly metrics and confirm the tile renders', step: GO_NO_GO },
  { gate: 'staging', criterion: 'thresholds', message: 'Collect metrics vs acceptance thresholds, and meet them', step: GO_NO_GO },
];

const CASES = [
  { name: 'an Approved waiver', database: 'change-control', fields: WAIVER, unmet: WAIVER_UNMET, from: 'Proposed', walked: true, key: 'WVR-1' },
  { name: 'a SEV1 incident Closed with no postmortem', database: 'incidents', fields: INCIDENT, unmet: INCIDENT_UNMET, from: 'Open', walked: false, key: 'INC-9' },
  { name: 'a release review at Production Go/No-Go', database: 'release-reviews', fields: REVIEW, unmet: REVIEW_UNMET, from: 'Mock Review', walked: true, key: 'RR-0001' },
] as const;

function setArgs(fields: Readonly<Record<string, string>>): string[] {
  return Object.entries(fields).flatMap(([name, value]) => ['--set', `${name}=${value}`]);
}

function csvOf(fields: Readonly<Record<string, string>>): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${Object.keys(fields).map(quote).join(',')}\n${Object.values(fields).map(quote).join(',')}\n`;
}

function criteria(n: number): string {
  return `${n} criteri${n === 1 ? 'on' : 'a'}`;
}

describe('engineering-os: a record created in a later status walks the lifecycle (issue 10)', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-walk-'));
  const env = { EOS_HOME: home, EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0' };
  const eos = (args: string[], as: Record<string, string> = {}, input?: string) => runCli(args, { ...env, ...as }, input);

  beforeAll(async () => {
    expect((await eos(['init'])).code).toBe(0);
  }, 120_000);

  it('eos record create refuses each with exit 3, listing every unmet criterion of every step, and writes nothing', { timeout: 120_000 }, async () => {
    for (const c of CASES) {
      const result = await eos(['record', 'create', c.database, ...setArgs(c.fields), '--json']);
      expect(result.code, `${c.name}: ${result.stdout}${result.stderr}`).toBe(3);
      const { error } = JSON.parse(result.stdout);
      expect(error.code, c.name).toBe('gate_blocked');
      expect(error.message, c.name).toBe(`${c.key} can't move to ${c.fields.Status}: ${criteria(c.unmet.length)} unmet${c.walked ? ` on the way from ${c.from}` : ''}`);
      expect(error, c.name).toMatchObject({ record: c.key, from: null, to: c.fields.Status });
      expect(error.unmet, c.name).toEqual(c.unmet);
    }
    // People read the refusal grouped by step.
    const human = await eos(['record', 'create', 'release-reviews', ...setArgs(REVIEW)]);
    expect(human.code).toBe(3);
    expect(human.stderr).toContain('  Mock Review → Staging Review\n    ✗ mock/ux-signed: Get the UX walkthrough signed by design + engineering\n');
    expect(human.stderr).toContain('  Staging Review → Production Go/No-Go\n    ✗ staging/tagged-build: Deploy a tagged build to staging\n');
    expect((await eos(['record', 'get', 'WVR-1'])).code).toBe(4);
  });

  it('eos import csv refuses each row with the same criteria, each tagged with its step, and imports nothing', { timeout: 120_000 }, async () => {
    for (const c of CASES) {
      const file = join(home, `${c.database}.csv`);
      writeFileSync(file, csvOf(c.fields));
      const result = await eos(['import', 'csv', c.database, file, '--json']);
      expect(result.code, `${c.name}: ${result.stdout}${result.stderr}`).toBe(2);
      const { error } = JSON.parse(result.stdout);
      const walked = c.walked;
      const listed = c.unmet.map((u) => `${walked ? `${u.step.from} → ${u.step.to}: ` : ''}${u.gate}/${u.criterion}: ${u.message}`).join('; ');
      expect(error.problems, c.name).toEqual([
        {
          row: 2,
          column: 'Status',
          value: c.fields.Status,
          reason: `the new record can't move to ${c.fields.Status}: ${criteria(c.unmet.length)} unmet${walked ? ` on the way from ${c.from}` : ''}: ${listed}`,
        },
      ]);
    }
  });

  it('an editor: the Approved waiver lacks its signature on the way (exit 3); closing the SEV1 needs sre (exit 6)', { timeout: 120_000 }, async () => {
    expect((await eos(['user', 'add', 'root', '--role', 'admin', '--password-stdin'], {}, 'a long password\n')).code).toBe(0);
    expect((await eos(['user', 'add', 'ed', '--role', 'editor', '--password-stdin'], { EOS_USER: 'root' }, 'another long password\n')).code).toBe(0);
    const waiver = await eos(['record', 'create', 'change-control', ...setArgs(WAIVER), '--json'], { EOS_USER: 'ed' });
    expect(waiver.code).toBe(3);
    const refusal = JSON.parse(waiver.stdout).error;
    expect(refusal).toMatchObject({ code: 'gate_blocked', message: "WVR-1 can't move to Approved: 10 criteria unmet on the way from Proposed" });
    expect(refusal.unmet).toEqual(WAIVER_UNMET);
    const incident = await eos(['record', 'create', 'incidents', ...setArgs(INCIDENT), '--json'], { EOS_USER: 'ed' });
    expect(incident.code).toBe(6);
    expect(JSON.parse(incident.stdout).error).toMatchObject({
      code: 'forbidden',
      message: 'Only sre can move INC-9 to Closed (gate sre-closes); ed has the editor role',
      step: CLOSED,
    });
  });
});

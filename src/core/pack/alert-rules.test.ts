import { describe, expect, it } from 'vitest';
import { packProblems } from '../../../test/support/pack-problems.ts';
import { loadPack, type PackFile } from './load-pack.ts';

const MANIFEST: PackFile = { path: 'pack.yaml', text: 'id: demo\nname: Demo\nversion: "1"\n' };
const BUDGET: PackFile = {
  path: 'databases/budget.yaml',
  text: `id: budget
name: Budget
key: { prefix: BUD }
fields:
  - { name: Line, type: title }
  - { name: Planned, type: currency }
  - { name: Actual, type: currency }
status: { field: Status, values: [Open, Closed] }
`,
};

const problemsOf = packProblems;

describe('alert rules in a pack (alerts/*.yaml)', () => {
  it('loads the rules of every file under alerts/, in order, beside the databases', () => {
    const pack = loadPack([
      MANIFEST,
      BUDGET,
      {
        path: 'alerts/budget.yaml',
        text: `- { id: over-plan, name: Over plan, kind: records, severity: warning, database: budget, where: "record.Actual > record.Planned", notify: [ops], repeat: 24h }
- { id: cfr, name: CFR, kind: metric, severity: critical, when: "metric('changeFailureRate', '14d') > 0.10", message: "CFR {{value|percent}}", notify: [eng] }
`,
      },
    ]);
    expect(pack.databases.map((d) => d.id)).toEqual(['budget']);
    expect(pack.alerts.map((a) => [a.id, a.kind])).toEqual([
      ['over-plan', 'records'],
      ['cfr', 'metric'],
    ]);
  });

  it('reports every problem of every rule at once, with its file and line', () => {
    const problems = problemsOf([
      MANIFEST,
      BUDGET,
      {
        path: 'alerts/broken.yaml',
        text: `- id: over-plan
  name: Over plan
  kind: records
  severity: warning
  database: budget
  where: "record.Colour == 'red'"
  message: "{{key}} {{Colour}}"
  notify: [ops]
- id: nowhere
  name: Nowhere
  kind: records
  severity: loud
  database: nowhere
  where: "true"
  notify: []
  repeat: often
- id: cfr
  name: CFR
  kind: metric
  severity: critical
  when: "metric('cfr', '14d') > 0.1 || size(related('Parts')) > 0"
  notify: [eng]
- id: odd
  name: Odd
  kind: sometimes
  severity: info
  notify: [eng]
- id: blocked
  name: Blocked
  kind: escalation
  severity: warning
  notify: [eng]
`,
      },
    ]);
    expect(problems).toEqual([
      { file: 'alerts/broken.yaml', line: 12, message: "1.severity: unknown severity 'loud'; use one of info, warning, critical" },
      { file: 'alerts/broken.yaml', line: 15, message: '1.notify: name at least one channel' },
      { file: 'alerts/broken.yaml', line: 16, message: "1.repeat: use a number of minutes, hours, days or weeks, e.g. '30m', '24h', '2d', '1w'" },
      { file: 'alerts/broken.yaml', line: 25, message: "3.kind: unknown alert kind 'sometimes'; use one of records, metric, escalation, review-sla, retro-overdue, monitor" },
    ]);
    const semantic = problemsOf([
      MANIFEST,
      BUDGET,
      {
        path: 'alerts/broken.yaml',
        text: `- { id: over-plan, name: Over plan, kind: records, severity: warning, database: budget, where: "record.Colour == 'red'", message: "{{key}} {{Colour}}", notify: [ops] }
- { id: nowhere, name: Nowhere, kind: records, severity: info, database: nowhere, where: "true", notify: [ops] }
- { id: cfr, name: CFR, kind: metric, severity: critical, when: "metric('cfr', '14d') > 0.1", notify: [eng] }
- { id: blocked, name: Blocked, kind: escalation, severity: warning, notify: [eng] }
- { id: over-plan, name: Again, kind: metric, severity: info, when: "true", notify: [eng] }
`,
      },
    ]);
    expect(semantic.map((p) => `${p.line}: ${p.message}`)).toEqual([
      "1: alert 'over-plan': where: 'record' has no field 'Colour' (database budget has: Line, Planned, Actual)",
      "1: alert 'over-plan': message: unknown placeholder '{{Colour}}'; use one of {{rule}}, {{severity}}, {{level}}, {{subject}}, {{link}}, {{key}}, {{title}}, {{status}}, {{database}}, {{Line}}, {{Planned}}, {{Actual}}",
      "2: alert 'nowhere': alert 'nowhere' watches a missing database 'nowhere' (databases: budget)",
      "3: alert 'cfr': when: metric('cfr', …): there is no such metric; use one of deployments, deployDays, medianDeployDaysPerWeek, medianDeployDaysPerMonth, leadTimeForChanges, changeFailureRate, failedDeployments, recoveryTime, timeToRestore, timeToRestoreP1, prCycleTime, codingTime, pickupTime, reviewTime, deployTime, prSize, mergedPrs, firstReviewSlaBreaches, approvalSlaBreaches",
      "4: alert 'blocked': an alert of kind escalation reads the 'work-items' database with the fields Blocked Since, Blocked By; this pack has no such database",
      "5: alert 'over-plan': duplicate alert rule 'over-plan'",
      "5: alert 'over-plan': when: a metric alert reads at least one metric('name', 'window')",
    ]);
  });
});

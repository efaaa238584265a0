import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeliveryMetrics, type DeliveryMetrics, listPrMetrics } from '../src/app/compute-metrics.ts';
import { listIncidentLinks, listPrevSuccessLinks } from '../src/app/delivery-links.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import type { Session } from '../src/app/session.ts';
import { monthLabel } from '../src/core/metrics/calendar.ts';
import { type CiPipeline, type CiPipelineCommit, type CiTask, deploymentsFromPipelines } from '../src/core/metrics/deployments-from-pipelines.ts';
import { formatUnits, roundedUnits } from '../src/core/metrics/dora-levels.ts';
import type { Store } from '../src/store/store.ts';
import { HAVE_SCENARIOS, loadScenarios, type Scenario, scenarioToEvents } from './support/devlake-scenario.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { runCli } from './support/run-cli.ts';
import { newWorkspace } from './support/workspace.ts';

// Every expected value of every DevLake DORA scenario in ../shared, reproduced by the same
// engine code `eos metrics` runs: events in through ingestEvents, metrics out of the store.

if (!HAVE_SCENARIOS) console.warn('[eos] ../shared/conformance/devlake-dora is absent: the DORA conformance tests were skipped');

const scenarios = loadScenarios();
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)).toISOString());

type Expected = Record<string, unknown>;
interface Dashboard {
  readonly report: '2023' | '2021';
  readonly window: { readonly fromInclusive: string; readonly toInclusive: string };
  readonly panels: Record<string, { readonly value: string | string[][] }>;
  readonly metrics: Record<string, Expected>;
}

/** The dashboard panels eos reproduces, as DevLake prints them (multi-row panels compared as sets). */
function panelsOf(m: DeliveryMetrics): Record<string, string | string[][]> {
  const df = m.deploymentFrequency;
  const mmdd = (day: string) => `${day.slice(5, 7)}/${day.slice(8, 10)}`;
  const sunday = (monday: string) => new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  const minus5 = (month: string) => {
    const d = new Date(`${month}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - 5);
    return d.toISOString().slice(0, 10);
  };
  const six = df.medianDeployDaysPerSixMonths;
  const hours4 = (minutes: number | null) => (minutes === null ? 'NULL' : formatUnits(roundedUnits(minutes, 60, 4), 4));
  const recovery = m.recoveryTime;
  return {
    deploymentFrequency: df.label,
    leadTimeForChanges: m.leadTimeForChanges.label,
    changeFailureRate: m.changeFailureRate.label,
    recoveryOrRestore: recovery.label,
    medianDeploymentDaysPerWeek: String(df.medianDeployDaysPerWeek),
    medianDeploymentDaysPerMonth: String(df.medianDeployDaysPerMonth),
    medianDeploymentDaysPerSixMonths: six === null ? 'NULL' : String(six),
    weeklyDeploymentDays: df.weeks.map((w) => [`${mmdd(w.week)} - ${mmdd(sunday(w.week))}`, String(w.deployDays)]),
    monthlyDeploymentDays: df.months.map((x) => [monthLabel(x.month), String(x.deployDays)]),
    monthlyDeploymentCount: df.months.map((x) => [monthLabel(x.month), String(x.deployments)]),
    sixMonthRollingDeploymentDays: df.sixMonths.map((x) => [`${monthLabel(minus5(x.month))} ~ ${monthLabel(x.month)}`, String(x.deployDays)]),
    detailsCfrIncidentWeighted: m.changeFailureRate.incidentsPerDeployment === null ? 'NULL' : formatUnits(Math.round(m.changeFailureRate.incidentsPerDeployment * 10_000), 4),
    ...(recovery.kind === 'failedDeploymentRecoveryTime' && recovery.medianMinutes !== null ? { detailsMedianRecoveryHours: hours4(recovery.medianMinutes) } : {}),
    ...(recovery.kind === 'timeToRestoreService' ? { detailsMedianRestoreHours: hours4(recovery.medianMinutes) } : {}),
  };
}

/** The scenario's `metrics` block, in DevLake's names, from eos's output. */
function metricsOf(m: DeliveryMetrics, expected: Record<string, Expected>): Record<string, Expected> {
  const df = m.deploymentFrequency;
  const out: Record<string, Expected> = {
    deploymentFrequency: {
      medianDeploymentDaysPerWeek: df.medianDeployDaysPerWeek,
      medianDeploymentDaysPerMonth: df.medianDeployDaysPerMonth,
      medianDeploymentDaysPerSixMonths: df.medianDeployDaysPerSixMonths,
      sixMonthMonthsWithDeploymentsGate: df.sixMonthGate,
      label: df.label,
      category: df.level,
    },
    leadTimeForChanges: { medianMinutes: m.leadTimeForChanges.medianMinutes, label: m.leadTimeForChanges.label, category: m.leadTimeForChanges.level },
    changeFailureRate: {
      value: m.changeFailureRate.value,
      failedDeployments: m.changeFailureRate.failedDeployments,
      deployments: m.changeFailureRate.deployments,
      label: m.changeFailureRate.label,
      category: m.changeFailureRate.level,
    },
  };
  const r = m.recoveryTime;
  if (r.kind === 'failedDeploymentRecoveryTime') {
    out.failedDeploymentRecoveryTime = { medianMinutes: r.medianMinutes, samplesMinutes: r.samplesMinutes, label: r.label, category: r.level };
  } else {
    out.timeToRestoreService = { medianMinutes: r.medianMinutes, label: r.label, category: r.level };
  }
  // Compare exactly the keys the scenario states.
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Object.fromEntries(Object.keys(expected[k] ?? {}).map((key) => [key, v[key]]))]));
}

const sortRows = (rows: string[][]) => [...rows].map((r) => JSON.stringify(r)).sort();

describe.skipIf(!HAVE_SCENARIOS).each(ENGINES)('DevLake DORA conformance on %s', (engine) => {
  let store: Store;
  const sessions = new Map<string, Session>();
  beforeAll(async () => {
    store = await openEngine(engine);
    for (const scenario of scenarios) {
      const session = await newWorkspace(store);
      await ingestEvents(session, scenarioToEvents(scenario), { source: scenario.file });
      sessions.set(scenario.file, session);
    }
  });
  afterAll(async () => {
    await store.close();
  });

  it("feeds DevLake's deployment commits through eos ingest events exactly as its CSVs hold them, empty environments included", () => {
    const empty = scenarios.flatMap((s) => (scenarioToEvents(s).deployments ?? []).filter((d) => d.environment === '').map((d) => `${s.id}:${d.id}`));
    // Row 16 of each deployment-commits table has no environment.
    expect(empty).toEqual([
      'devlake/change_lead_time:16',
      'devlake/connect_incident_to_deployment:16',
      'devlake/connect_incident_to_deployment+resolved-at-updated:16',
      'devlake/prev_success_deployment_commit:16',
    ]);
  });

  const withPrMetrics = scenarios.filter((s) => s.expected.prMetrics);
  it.each(withPrMetrics.map((s) => [s.file, s] as const))('%s: every project_pr_metrics row, stage times and timestamps', async (file, scenario: Scenario) => {
    const { prs } = await listPrMetrics(sessions.get(file) as Session, { from: '2000-01-01', to: '2100-01-01', project: scenario.project });
    const ours = prs.map((p) => ({
      prId: p.prId,
      project: p.project,
      firstCommitSha: p.firstCommitSha,
      firstCommitAuthoredAt: p.firstCommitAuthoredAt,
      firstReviewId: p.firstReviewId,
      firstReviewAt: p.firstReviewAt,
      prCreatedAt: p.prCreatedAt,
      prMergedAt: p.prMergedAt,
      deploymentCommitId: p.deploymentPartId,
      prDeployedAt: p.prDeployedAt,
      codingMinutes: p.codingMinutes,
      pickupMinutes: p.pickupMinutes,
      reviewMinutes: p.reviewMinutes,
      deployMinutes: p.deployMinutes,
      cycleMinutes: p.cycleMinutes,
    }));
    const expected = (scenario.expected.prMetrics as Expected[]).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k.endsWith('At') ? iso(v) : v])));
    expect(ours.sort((a, b) => a.prId.localeCompare(b.prId))).toEqual(expected.sort((a, b) => String(a.prId).localeCompare(String(b.prId))));
  });

  const withLinks = scenarios.filter((s) => s.expected.incidentDeploymentLinks);
  it.each(withLinks.map((s) => [s.file, s] as const))('%s: every incident → deployment link, and no other', async (file, scenario: Scenario) => {
    const links = (await listIncidentLinks(sessions.get(file) as Session)).filter((l) => l.deploymentId !== null);
    expect(links.map((l) => ({ incidentId: l.id, project: l.project, deploymentId: l.deploymentId }))).toEqual(
      [...(scenario.expected.incidentDeploymentLinks as Expected[])].sort((a, b) => String(a.incidentId).localeCompare(String(b.incidentId))),
    );
  });

  const withPrev = scenarios.filter((s) => s.expected.prevSuccessDeploymentCommit);
  it.each(withPrev.map((s) => [s.file, s] as const))('%s: every previous successful deployment commit', async (file, scenario: Scenario) => {
    const ours = await listPrevSuccessLinks(sessions.get(file) as Session);
    const expected = scenario.expected.prevSuccessDeploymentCommit as { id: string; prevSuccessDeploymentCommitId: string | null }[];
    expect(Object.fromEntries(ours.map((r) => [r.id, r.prevSuccessId || null]))).toEqual(Object.fromEntries(expected.map((r) => [r.id, r.prevSuccessDeploymentCommitId])));
  });

  const dashboards = scenarios.flatMap((s) =>
    ((s.expected.dashboards ?? []) as Dashboard[]).map((d) => [`${s.file} ${d.report} ${d.window.fromInclusive}→${d.window.toInclusive}`, s, d] as const),
  );
  it.each(dashboards)('%s: every dashboard metric and panel', async (_name, scenario: Scenario, dashboard: Dashboard) => {
    const m = await computeDeliveryMetrics(sessions.get(scenario.file) as Session, {
      from: dashboard.window.fromInclusive,
      to: dashboard.window.toInclusive,
      project: scenario.project,
      report: dashboard.report,
    });
    expect(metricsOf(m, dashboard.metrics)).toEqual(dashboard.metrics);
    const ours = panelsOf(m);
    for (const [name, panel] of Object.entries(dashboard.panels)) {
      if (!(name in ours)) continue;
      const mine = ours[name];
      if (typeof panel.value === 'string') expect({ [name]: mine }).toEqual({ [name]: panel.value });
      else expect({ [name]: sortRows(mine as string[][]) }).toEqual({ [name]: sortRows(panel.value) });
    }
  });
});

describe.skipIf(!HAVE_SCENARIOS)('DevLake deployment_generator conformance', () => {
  const generator = scenarios.filter((s) => s.expected.deploymentCommits);
  it.each(generator.map((s) => [s.file, s] as const))('%s: CI pipelines and tasks classified into deployment commits', (_file, scenario: Scenario) => {
    const inputs = scenario.inputs as unknown as { ciPipelines: CiPipeline[]; ciTasks: CiTask[]; ciPipelineCommits: CiPipelineCommit[] };
    const parts = deploymentsFromPipelines({ pipelines: inputs.ciPipelines, tasks: inputs.ciTasks, pipelineCommits: inputs.ciPipelineCommits });
    const ours = parts.map((p) => ({
      id: p.id,
      deploymentId: p.deploymentId,
      scopeId: p.scope,
      commitSha: p.commitSha,
      result: p.result.toUpperCase(),
      repoUrl: p.repo,
      environment: p.environment,
      startedAt: p.startedAt,
      finishedAt: p.finishedAt,
    }));
    const expected = (scenario.expected.deploymentCommits as Expected[]).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k.endsWith('At') ? iso(v) : v])));
    expect(ours.sort((a, b) => a.id.localeCompare(b.id))).toEqual(expected.sort((a, b) => String(a.id).localeCompare(String(b.id))));
  });
});

describe.skipIf(!HAVE_SCENARIOS)('DevLake scenarios through the eos command line', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-conformance-cli-'));
  const env = { EOS_HOME: home, EOS_USER: 'tester' };
  beforeAll(async () => {
    expect((await runCli(['init'], env)).code).toBe(0);
  }, 120_000); // each eos run is a new process opening PGlite
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("change_lead_time: eos ingest events takes DevLake's rows as given, empty environment included, and eos metrics prs gives its project_pr_metrics", async () => {
    const scenario = scenarios.find((s) => s.file === 'change_lead_time.json') as Scenario;
    const batch = scenarioToEvents(scenario);
    expect(batch.deployments?.find((d) => d.id === '16')?.environment).toBe('');
    const file = join(home, 'change_lead_time.json');
    writeFileSync(file, JSON.stringify(batch));
    const ingest = await runCli(['ingest', 'events', file, '--json'], env);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout).deployments).toEqual({ inserted: 16, updated: 0, unchanged: 0 });
    const prs = await runCli(['metrics', 'prs', '--project', scenario.project, '--from', '2000-01-01', '--to', '2100-01-01', '--json'], env);
    expect(prs.code, prs.stderr).toBe(0);
    const ours = (JSON.parse(prs.stdout).prs as { prId: string; deploymentPartId: string | null; cycleMinutes: number }[]).map((p) => [p.prId, p.deploymentPartId, p.cycleMinutes]);
    const expected = (scenario.expected.prMetrics as { prId: string; deploymentCommitId: string | null; cycleMinutes: number }[]).map((p) => [
      p.prId,
      p.deploymentCommitId,
      p.cycleMinutes,
    ]);
    expect(ours.sort()).toEqual(expected.sort());
  }, 120_000);
});

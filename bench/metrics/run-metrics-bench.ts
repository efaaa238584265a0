import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { computeDeliveryMetrics, type DeliveryMetrics } from '../../src/app/compute-metrics.ts';
import { setTeamSettings } from '../../src/app/delivery-scope.ts';
import { ingestEvents } from '../../src/app/ingest-events.ts';
import { initWorkspace } from '../../src/app/init-workspace.ts';
import { readPack } from '../../src/app/read-pack.ts';
import { openSession, type Session } from '../../src/app/session.ts';
import { type HistoryProject, projectHistory } from '../../src/integrations/demo/demo-event-history.ts';
import { seededRandom } from '../../src/integrations/demo/seeded-random.ts';
import { openPglite } from '../../src/store/open-pglite.ts';
import { openPostgres } from '../../src/store/open-postgres.ts';
import type { Store } from '../../src/store/store.ts';
import { deleteWorkspace } from '../../src/store/workspace-dump.ts';
import { BENCH_PACK } from '../options.ts';
import { rawDeliveryMetrics } from './delivery-raw-sql.ts';

const USAGE = `npm run bench:metrics -- [options]
  --events N            events on PostgreSQL (default 1000000: 2 years, 50 repos, 20 teams)
  --pglite-events N     events on PGlite, 5 repos (default 100000; 0 skips PGlite)
  --postgres-url URL    default $DATABASE_URL or postgres://postgres@127.0.0.1:5432/test_metrics
  --runs N              timed runs of each metrics query after one warm-up (default 5)
  --max-ingest-seconds  stop ingesting after this long and measure what is in (default 1500)
  --keep                leave the benchmark workspace in the database`;

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'pglite-events': { type: 'string', default: '100000' },
    'postgres-url': { type: 'string' },
    runs: { type: 'string', default: '5' },
    'max-ingest-seconds': { type: 'string', default: '1500' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const DAY = 86_400_000;
const WEEKDAYS_IN_TWO_YEARS = 522;
/** A generated PR carries itself, about 3 commits and 1.3 reviews; a repo deploys on ~80% of working days. */
const EVENTS_PER_PR = 5.3;
const END = Date.parse('2026-11-30T00:00:00Z');
const START = END - 730 * DAY;
const progress = (line: string) => process.stderr.write(`${line}\n`);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;

async function timeRuns<T>(runs: number, f: () => Promise<T>): Promise<{ ms: number; all: number[]; last: T }> {
  let last = await f(); // warm-up
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await f();
    all.push(performance.now() - t);
  }
  return { ms: median(all), all, last };
}

const countEvents = (b: ReturnType<typeof projectHistory>) =>
  b.pullRequests.reduce((n, pr) => n + 1 + (pr.commits?.length ?? 0) + (pr.reviews?.length ?? 0), 0) + b.deployments.length + b.incidents.length;

interface EngineRun {
  engine: string;
  repos: number;
  teams: number;
  events: number;
  ingestSeconds: number;
  eventsPerSecond: number;
  complete: boolean;
  metricsMs: number;
  teamMetricsMs: number;
  rawMs: number;
  ratio: number;
  metrics: Pick<DeliveryMetrics, 'deploymentFrequency' | 'leadTimeForChanges' | 'changeFailureRate' | 'recoveryTime'>;
  raw: Awaited<ReturnType<typeof rawDeliveryMetrics>>;
}

async function dropDelivery(store: Store, workspaceId: string): Promise<void> {
  for (const table of [
    'delivery_pr_metrics',
    'delivery_shipped_commits',
    'delivery_pr_commits',
    'delivery_pr_reviews',
    'delivery_pull_requests',
    'delivery_deployments',
    'delivery_incidents',
    'delivery_commits',
    'delivery_teams',
  ]) {
    await store.db.execute(sql`delete from ${sql.raw(table)} where workspace_id = ${workspaceId}`);
  }
  await deleteWorkspace(store.db, workspaceId);
}

async function runEngine(engine: string, store: Store, target: number, repoCount: number, teamCount: number): Promise<EngineRun> {
  const workspaceId = `bench-metrics-${randomBytes(3).toString('hex')}`;
  const { pack } = readPack(BENCH_PACK);
  await initWorkspace({ store, workspaceId, pack, actor: 'bench' });
  const session: Session = await openSession({ store, workspaceId, actor: 'bench', clock: () => new Date(END) });
  try {
    const prsPerDay = target / (repoCount * WEEKDAYS_IN_TWO_YEARS * EVENTS_PER_PR);
    const rnd = seededRandom(424242);
    const projects: HistoryProject[] = Array.from({ length: repoCount }, (_, i) => ({
      project: `service-${String(i + 1).padStart(2, '0')}`,
      repo: `org/repo-${i + 1}`,
      prsPerDay,
    }));
    for (let t = 0; t < teamCount; t++) {
      await setTeamSettings(session, { team: `team-${t + 1}`, projects: projects.filter((_, i) => i % teamCount === t).map((p) => p.project) });
    }
    let events = 0;
    let ingestMs = 0;
    let complete = true;
    for (const [i, p] of projects.entries()) {
      if (ingestMs / 1000 > Number(values['max-ingest-seconds'])) {
        complete = false;
        progress(`[${engine}] ingest budget spent after ${i} of ${repoCount} repos; measuring what is in`);
        break;
      }
      const batch = projectHistory(rnd, p, START, END);
      const n = countEvents(batch);
      const t = performance.now();
      await ingestEvents(session, batch, { source: `bench ${p.repo}` });
      ingestMs += performance.now() - t;
      events += n;
      progress(`[${engine}] ${i + 1}/${repoCount} repos, ${events} events, ${Math.round(events / (ingestMs / 1000))} events/s`);
    }
    if (store.engine === 'postgres') await store.db.execute(sql`analyze`);
    const from = new Date(END - 90 * DAY).toISOString();
    const to = new Date(END).toISOString();
    const runs = Number(values.runs);
    progress(`[${engine}] timing the metrics over ${from.slice(0, 10)} … ${to.slice(0, 10)}`);
    const eos = await timeRuns(runs, () => computeDeliveryMetrics(session, { from, to }));
    const team = await timeRuns(runs, () => computeDeliveryMetrics(session, { from, to, team: 'team-1' }));
    const raw = await timeRuns(runs, () => rawDeliveryMetrics(store.db, workspaceId, from, to));
    const m = eos.last;
    return {
      engine,
      repos: repoCount,
      teams: teamCount,
      events,
      ingestSeconds: ingestMs / 1000,
      eventsPerSecond: events / (ingestMs / 1000),
      complete,
      metricsMs: eos.ms,
      teamMetricsMs: team.ms,
      rawMs: raw.ms,
      ratio: eos.ms / raw.ms,
      metrics: { deploymentFrequency: m.deploymentFrequency, leadTimeForChanges: m.leadTimeForChanges, changeFailureRate: m.changeFailureRate, recoveryTime: m.recoveryTime },
      raw: raw.last,
    };
  } finally {
    if (!values.keep) await dropDelivery(store, workspaceId);
  }
}

function render(runs: readonly EngineRun[]): string {
  const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const lines = [
    `eos delivery metrics benchmark, ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${f(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    '',
    '| engine | repos / teams | events | ingest | events/s | all metrics, 90 days (eos) | one team (eos) | raw SQL | eos ÷ raw |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map(
      (r) =>
        `| ${r.engine} | ${r.repos} / ${r.teams} | ${f(r.events)}${r.complete ? '' : ' (budget hit)'} | ${f(r.ingestSeconds, 1)} s | ${f(r.eventsPerSecond)} | ${f(r.metricsMs, 1)} ms | ${f(r.teamMetricsMs, 1)} ms | ${f(r.rawMs, 1)} ms | ${f(r.ratio, 2)}× |`,
    ),
    '',
    ...runs.map(
      (r) =>
        `${r.engine}: eos ${r.metrics.deploymentFrequency.label} · lead ${r.metrics.leadTimeForChanges.medianMinutes} min · CFR ${r.metrics.changeFailureRate.value} · recovery ${r.metrics.recoveryTime.medianMinutes} min; raw SQL ${r.raw.deployDaysPerWeek} days/week · lead ${r.raw.leadTimeMinutes} min · CFR ${r.raw.changeFailureRate?.toFixed(4)} · recovery ${r.raw.recoveryMinutes} min`,
    ),
  ];
  return lines.join('\n');
}

const results: EngineRun[] = [];
const url = values['postgres-url'] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test_metrics';
const engines: [string, number, () => Promise<Store>, number, number][] = [
  ['PostgreSQL', Number(values.events), () => openPostgres(url, { poolSize: 4 }), 50, 20],
  ['PGlite', Number(values['pglite-events']), () => openPglite(), 5, 2],
];
for (const [name, events, open, repos, teams] of engines) {
  if (events <= 0) continue;
  const store = await open();
  try {
    results.push(await runEngine(name, store, events, repos, teams));
    progress(render(results)); // each engine's numbers as soon as they are in
  } finally {
    await store.close();
  }
}
process.stdout.write(`${render(results)}\n`);

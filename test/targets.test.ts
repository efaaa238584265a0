import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTeamSettings } from '../src/app/delivery-scope.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { listTargets } from '../src/app/list-targets.ts';
import { readPack } from '../src/app/read-pack.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { loadPack } from '../src/core/pack/load-pack.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';
import { packProblems } from './support/pack-problems.ts';

// Issue 12, point 1: targets as pack data, metric() with a scope, and GET /api/v1/targets.

const FILES: Record<string, string> = {
  'pack.yaml': 'id: targets-test\nname: Targets test\nversion: "1"\n',
  'databases/teams.yaml': `id: teams
name: Teams
key: { field: Team }
fields:
  - { name: Team, type: title }
status: { field: Status, values: [Active] }
`,
  'databases/items.yaml': `id: items
name: Items
key: { prefix: IT }
fields:
  - { name: Title, type: title }
  - { name: Team, type: relation, to: teams, many: false }
status: { field: Status, values: [Open, Started] }
gates:
  - id: team-deploys
    into: [Started]
    criteria:
      - { id: deploys, check: "metric('deployments', '14d', {'team': record.Team}) >= 3", message: "The item's team deployed fewer than 3 times in 14 days" }
      - { id: web-cfr, check: "metric('changeFailureRate', '14d', {'service': 'web'}) <= 0.5", message: "web's change failure rate is over 50%" }
`,
  'targets/delivery.yaml': `# Targets of the test pack.
- id: team-a-deploys
  name: Team A deploys at least 3 times a week
  metric: deployments
  window: 7d
  scope: { team: Team A }
  threshold: { value: 3, direction: atLeast }
  severity: info
- id: cfr
  name: Change failure rate under 5%
  metric: changeFailureRate
  window: 7d
  threshold: { value: 0.05, direction: below }
  severity: critical
  seed: { source: "001 §6", line: "Change failure rate: must stay <10%, target <5%" }
- id: web-cycle
  name: web PR cycle under a day
  metric: prCycleTime
  window: 7d
  scope: { project: web }
  threshold: { value: 1440, direction: below }
  severity: warning
- id: p1-restore
  name: P1 restored within 2 hours
  metric: timeToRestoreP1
  window: 7d
  threshold: { value: 120, direction: below }
  severity: critical
`,
};

function writePack(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'eos-targets-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

// Monday 29 June 2026, noon. The 7-day windows: 22→29 June (now), 15→22, 8→15.
const NOW = new Date('2026-06-29T12:00:00.000Z');
const at = (day: number, hour = 10) => `2026-06-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
const part = (id: string, project: string, day: number, shippedCommits?: string[]) => ({
  id,
  project,
  repo: project,
  environment: 'production',
  result: 'success',
  startedAt: at(day),
  finishedAt: at(day),
  commitSha: `sha-${id}`,
  ...(shippedCommits ? { shippedCommits } : {}),
});

async function seedDelivery(s: Session): Promise<void> {
  await setTeamSettings(s, { team: 'Team A', projects: ['api'] });
  await setTeamSettings(s, { team: 'Team B', projects: ['web'] });
  await ingestEvents(s, {
    deployments: [
      // api (Team A): 1 deployment 8→15 June, 2 in 15→22, 4 in 22→29.
      ...[10, 16, 17, 23, 24, 25, 26].map((d) => part(`api-${d}`, 'api', d)),
      // web (Team B): the first of its series, then the one that ships PR w1.
      part('web-20', 'web', 20),
      part('web-27', 'web', 27, ['w1m']),
    ],
    // Created an hour after api-24: that deployment failed.
    incidents: [
      { id: 'INC-1', project: 'api', severity: 'P1', createdAt: at(24, 11), resolvedAt: at(24, 12) },
      // A P2 that took 9 hours: not in the P1 restore time, but api-25 failed too.
      { id: 'INC-2', project: 'api', severity: 'P2', createdAt: at(25, 11), resolvedAt: at(25, 20) },
    ],
    pullRequests: [
      {
        id: 'web#1',
        project: 'web',
        repo: 'web',
        author: 'ana',
        // coding 07:00→08:00 = 60, created→merged 120, merged→deployed 27 June 10:00 = 1440: cycle 1620.
        createdAt: at(26, 8),
        mergedAt: at(26, 10),
        mergeCommitSha: 'w1m',
        commits: [{ sha: 'w1', authoredAt: at(26, 7) }],
      },
    ],
  });
}

describe('targets in a pack (targets/*.yaml)', () => {
  it('loads each target with its scope, threshold and seed line', () => {
    // Read from a folder, as eos init reads a pack.
    const { pack } = readPack(writePack(FILES));
    expect(pack.targets.map((t) => [t.id, t.metric, t.window, t.scope, t.threshold])).toEqual([
      ['team-a-deploys', 'deployments', '7d', { kind: 'team', value: 'Team A' }, { value: 3, direction: 'atLeast' }],
      ['cfr', 'changeFailureRate', '7d', { kind: 'workspace' }, { value: 0.05, direction: 'below' }],
      ['web-cycle', 'prCycleTime', '7d', { kind: 'project', value: 'web' }, { value: 1440, direction: 'below' }],
      ['p1-restore', 'timeToRestoreP1', '7d', { kind: 'workspace' }, { value: 120, direction: 'below' }],
    ]);
    expect(pack.targets[1]?.seed).toEqual({ source: '001 §6', line: 'Change failure rate: must stay <10%, target <5%' });
  });

  it('refuses bad targets and bad metric() scopes, each with its file and line', () => {
    const problems = packProblems([
      { path: 'pack.yaml', text: FILES['pack.yaml'] as string },
      { path: 'databases/teams.yaml', text: FILES['databases/teams.yaml'] as string },
      {
        path: 'databases/items.yaml',
        text: (FILES['databases/items.yaml'] as string).replace("{'team': record.Team}", "{'squad': record.Team}").replace("{'service': 'web'}", "{'team': related('Team')}"),
      },
      {
        path: 'targets/bad.yaml',
        text: `- { id: a, name: A, metric: cfr, window: 7d, threshold: { value: 1, direction: below }, severity: info }
- { id: b, name: B, metric: deployments, window: a week, scope: { squad: x }, threshold: { value: 1, direction: under }, severity: loud }
`,
      },
      {
        path: 'targets/more.yaml',
        text: `- { id: c, name: C, metric: deployments, window: 7d, threshold: { value: 1, direction: below }, severity: info }
- { id: c, name: C again, metric: deployments, window: 7d, threshold: { value: 1, direction: below }, severity: info }
`,
      },
    ]);
    expect(problems).toEqual([
      {
        file: 'targets/bad.yaml',
        line: 1,
        message: expect.stringContaining("0.metric: there is no metric 'cfr'; use one of deployments, deployDays"),
      },
      { file: 'targets/bad.yaml', line: 2, message: "1.window: use a number of hours, days or weeks, e.g. '12h', '14d', '4w'" },
      { file: 'targets/bad.yaml', line: 2, message: '1.scope: name one of workspace, project, team, service, e.g. { team: Feature Team A }' },
      { file: 'targets/bad.yaml', line: 2, message: "1.threshold.direction: unknown direction 'under'; use one of below, atMost, above, atLeast" },
      { file: 'targets/bad.yaml', line: 2, message: "1.severity: unknown severity 'loud'; use one of info, warning, critical" },
      {
        file: 'databases/items.yaml',
        line: expect.any(Number),
        message: expect.stringContaining("metric('deployments', '14d', …): the scope's key 'squad' is not one of workspace, project, team, service"),
      },
      {
        file: 'databases/items.yaml',
        line: expect.any(Number),
        message: expect.stringContaining("metric('changeFailureRate', '14d', …): the team scope's value is a string literal or a field of the record, e.g. {'team': record.Team}"),
      },
      { file: 'targets/more.yaml', line: 2, message: "duplicate target 'c'" },
    ]);
  });
});

describe('scoped metric() in an alert', () => {
  const alertPack = (when: string) => [
    { path: 'pack.yaml', text: FILES['pack.yaml'] as string },
    { path: 'alerts/a.yaml', text: `- { id: web-cfr, name: web CFR, kind: metric, severity: warning, when: "${when}", notify: [eng] }\n` },
  ];

  it('takes a literal scope, and refuses one read from a record, which an alert has none of', () => {
    expect(loadPack(alertPack("metric('changeFailureRate', '14d', {'project': 'web'}) > 0.1")).alerts.map((a) => a.id)).toEqual(['web-cfr']);
    expect(packProblems(alertPack("metric('changeFailureRate', '14d', {'team': record.Team}) > 0.1")).map((p) => p.message)).toEqual([
      "alert 'web-cfr': when: metric('changeFailureRate', '14d', …): the team scope reads record.Team, but here there is no record",
    ]);
  });
});

describe.each(ENGINES)('targets and scoped metric() on %s', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let s: Session;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store, { pack: writePack(FILES), clock: () => NOW });
    s = w.session;
    app = w.app;
    await seedDelivery(s);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("gates on the metric of the record's own team, read from its relation field", async () => {
    for (const team of ['Team A', 'Team B']) await createRecord(s, { database: 'teams', set: [['Team', team]] });
    const item = async (team?: string) =>
      (await createRecord(s, { database: 'items', set: [['Title', `work of ${team ?? 'nobody'}`], ...(team ? [['Team', team] as [string, string]] : [])] })).record.key;
    // Team A (api) deployed 6 times in the last 14 days; web failed 0 of 2.
    expect((await moveRecord(s, { ref: await item('Team A'), to: 'Started' })).record.status).toBe('Started');
    // Team B (web) deployed twice.
    const b = await failure(moveRecord(s, { ref: await item('Team B'), to: 'Started' }));
    expect(b.code).toBe('gate_blocked');
    expect(b.details.unmet).toEqual([{ gate: 'team-deploys', criterion: 'deploys', message: "The item's team deployed fewer than 3 times in 14 days" }]);
    // No team: the criterion can't be evaluated, and says why.
    const none = await failure(moveRecord(s, { ref: await item(), to: 'Started' }));
    expect(none.code).toBe('gate_blocked');
    expect(JSON.stringify(none.details.unmet)).toContain('the team scope names no team');
  });

  it('lists each target against its actual, met or not, with the windows before as its trend', async () => {
    const { targets } = await listTargets(s, { periods: 2 });
    expect(targets.map((t) => [t.id, t.actual, t.met, t.trend.map((p) => p.value)])).toEqual([
      ['team-a-deploys', 4, true, [1, 2, 4]],
      // 2 failed of 5 now (api 4, web 1); 0 of 3 and 0 of 1 before.
      ['cfr', 0.4, false, [0, 0, 0.4]],
      ['web-cycle', 1620, false, [null, null, 1620]],
      ['p1-restore', 60, true, [null, null, 60]],
    ]);
    expect(targets[3]?.reason).toBeUndefined();
    expect((await listTargets(s, { periods: 0 })).targets.map((t) => t.trend.length)).toEqual([1, 1, 1, 1]);
    expect(targets[0]?.trend.map((p) => [p.from, p.to])).toEqual([
      ['2026-06-08T12:00:00.000Z', '2026-06-15T12:00:00.000Z'],
      ['2026-06-15T12:00:00.000Z', '2026-06-22T12:00:00.000Z'],
      ['2026-06-22T12:00:00.000Z', '2026-06-29T12:00:00.000Z'],
    ]);
  });

  it('answers GET /api/v1/targets, and refuses a bad periods naming it', async () => {
    const response = await app.inject({ url: '/api/v1/targets?periods=1', headers: w.as('vic') });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.at).toBe(NOW.toISOString());
    expect(body.targets[2]).toEqual({
      id: 'web-cycle',
      name: 'web PR cycle under a day',
      metric: 'prCycleTime',
      window: '7d',
      scope: { kind: 'project', value: 'web' },
      threshold: { value: 1440, direction: 'below' },
      severity: 'warning',
      unit: 'minutes',
      actual: 1620,
      met: false,
      trend: [
        { from: '2026-06-15T12:00:00.000Z', to: '2026-06-22T12:00:00.000Z', value: null },
        { from: '2026-06-22T12:00:00.000Z', to: '2026-06-29T12:00:00.000Z', value: 1620 },
      ],
    });
    const bad = await app.inject({ url: '/api/v1/targets?periods=13', headers: w.as('vic') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('periods');
    expect((await app.inject({ url: '/api/v1/targets' })).statusCode).toBe(401);
    const spec = (await app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(spec.paths['/api/v1/targets'] ?? {})).toEqual(['get']);
  });
});

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addChannel } from '../src/app/alerts/alert-channels.ts';
import { runAlertPass } from '../src/app/alerts/run-alert-pass.ts';
import { setTeamSettings } from '../src/app/delivery-scope.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import type { Session } from '../src/app/session.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import type { Store } from '../src/store/store.ts';
import { type HttpReceiver, startHttpReceiver } from './support/alert-receivers.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

// Issue 12, point 2: the DORA targets of seed 001 per team, one alert instance per team that
// misses its target, reaching the team's lead (the Teams database's Team Lead).

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
// Monday 29 June 2026, noon.
const T0 = new Date('2026-06-29T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const send = createAlertSender({ env: {}, timeoutMs: 2000 });
const at = (day: number, hour = 10) => `2026-06-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
/** A successful production deployment of `project` on 2026-06-`day` at 10:00. */
const deploy = (project: string, day: number, shippedCommits?: string[]) => ({
  id: `${project}-${day}`,
  project,
  repo: project,
  environment: 'production',
  result: 'success',
  startedAt: at(day),
  finishedAt: at(day),
  commitSha: `sha-${project}-${day}`,
  ...(shippedCommits ? { shippedCommits } : {}),
});
/** Weekdays (Mon–Fri) of June 2026 in the 28 days before T0. */
const WEEKDAYS = [1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 22, 23, 24, 25, 26];

describe.each(ENGINES)('DORA targets per team on %s', (engine) => {
  let store: Store;
  let receiver: HttpReceiver;
  let now: Date;
  let s: Session;
  const clock = () => now;
  /**
   * One pass: the team rules' events as [event, rule, subject, message], and what the receiver
   * got for them as [event, rule, subject, people]. The incidents these tests ingest also move
   * workspace rules (the change failure rate, the on-call load) that other tests cover.
   */
  const pass = async () => {
    receiver.requests.length = 0;
    const report = await runAlertPass(s, { send });
    expect(report.errors).toEqual([]);
    expect(report.deliveries.filter((d) => d.status !== 'sent')).toEqual([]);
    const team = (rule: string) => rule.startsWith('team-');
    return {
      events: report.events.filter((e) => team(e.rule)).map((e) => [e.event, e.rule, e.subject, e.message]),
      received: receiver.requests.flatMap((r) => {
        const json = r.json as { event: string; rule: { id: string }; subject: { id: string }; details: { people?: string[] } };
        return team(json.rule.id) ? [[json.event, json.rule.id, json.subject.id, json.details.people ?? null]] : [];
      }),
    };
  };

  beforeAll(async () => {
    store = await openEngine(engine);
    receiver = await startHttpReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await store.close();
  });
  beforeEach(async () => {
    now = T0;
    s = await newWorkspace(store, { pack: PACK, clock });
    await addChannel(s, { name: 'eng-alerts', webhook: receiver.url('/eng-alerts') });
    await setTeamSettings(s, { team: 'Feature Team A', projects: ['api'] });
    await setTeamSettings(s, { team: 'Feature Team B', projects: ['web'] });
    await createRecord(s, {
      database: 'teams',
      set: [
        ['Team', 'Feature Team A'],
        ['Team Lead', 'dana@example.com'],
      ],
    });
    await createRecord(s, {
      database: 'teams',
      set: [
        ['Team', 'Feature Team B'],
        ['Team Lead', 'lee'],
      ],
    });
    // Both teams deploy every working day: the deploy-frequency target holds for both.
    await ingestEvents(s, { deployments: WEEKDAYS.flatMap((d) => [deploy('api', d), deploy('web', d)]) });
  });

  it('team-mttr-p1 fires for the team whose P1s took over 2 hours to restore, to its lead, and resolves when its median is back under', async () => {
    await ingestEvents(s, {
      incidents: [
        { id: 'INC-1', project: 'api', severity: 'P1', createdAt: at(27, 9), resolvedAt: at(27, 12) },
        { id: 'INC-2', project: 'web', severity: 'P1', createdAt: at(27, 9), resolvedAt: at(27, 10) },
      ],
    });
    expect(await pass()).toEqual({
      events: [['firing', 'team-mttr-p1', 'Feature Team A', 'Feature Team A: P1 incidents took 3 h to restore over the last 30d (target under 2 h)']],
      received: [['firing', 'team-mttr-p1', 'Feature Team A', ['dana@example.com']]],
    });
    // A second pass over the same state tells no one.
    expect((await pass()).events).toEqual([]);
    // A 30-minute restore: the lower median of 180 and 30 minutes is 30.
    await ingestEvents(s, { incidents: [{ id: 'INC-3', project: 'api', severity: 'SEV1', createdAt: at(28, 9), resolvedAt: `${at(28, 9).slice(0, 14)}30:00Z` }] });
    expect((await pass()).received).toEqual([['resolved', 'team-mttr-p1', 'Feature Team A', ['dana@example.com']]]);
  });

  it('team-lead-time and team-pr-cycle-time fire for the team whose merged PRs waited over 4 hours for production, and resolve as they age out', async () => {
    const pr = (project: string, n: number, day: number, mergedHour: number) => ({
      id: `${project}#${n}`,
      project,
      repo: project,
      author: 'ana',
      createdAt: at(day, mergedHour - 1),
      mergedAt: at(day, mergedHour),
      mergeCommitSha: `${project}-m${n}`,
      commits: [{ sha: `${project}-c${n}`, authoredAt: at(day, mergedHour - 2) }],
    });
    // api#1 merged 26 June 02:00 and shipped 29 June 10:00 (80 h); web#1 merged 26 June 08:00, shipped 10:00 (2 h).
    await ingestEvents(s, {
      pullRequests: [pr('api', 1, 26, 2), pr('web', 1, 26, 8)],
      deployments: [deploy('api', 29, ['api-m1']), deploy('web', 26, ['web-m1'])].map((d) => ({ ...d, id: `${d.id}-ship` })),
    });
    now = new Date('2026-06-29T12:00:00.000Z');
    expect(await pass()).toEqual({
      events: [
        ['firing', 'team-lead-time', 'Feature Team A', 'Feature Team A: lead time from merge to production is 80 h over the last 30d (target under 4 h)'],
        ['firing', 'team-pr-cycle-time', 'Feature Team A', 'Feature Team A: median PR cycle time is 82 h over the last 30d (target under 24 h)'],
      ],
      received: [
        ['firing', 'team-lead-time', 'Feature Team A', ['dana@example.com']],
        ['firing', 'team-pr-cycle-time', 'Feature Team A', ['dana@example.com']],
      ],
    });
    // 31 days on, the PR merged out of the window: the team has no value, and both resolve.
    now = new Date(T0.getTime() + 31 * DAY);
    await ingestEvents(s, {
      deployments: [1, 2, 3, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 27, 28].flatMap((d) => [
        { ...deploy('api', d), id: `api-jul-${d}`, startedAt: at(d).replace('-06-', '-07-'), finishedAt: at(d).replace('-06-', '-07-') },
        { ...deploy('web', d), id: `web-jul-${d}`, startedAt: at(d).replace('-06-', '-07-'), finishedAt: at(d).replace('-06-', '-07-') },
      ]),
    });
    expect((await pass()).received).toEqual([
      ['resolved', 'team-lead-time', 'Feature Team A', ['dana@example.com']],
      ['resolved', 'team-pr-cycle-time', 'Feature Team A', ['dana@example.com']],
    ]);
  });

  it('team-deploy-frequency fires for the team deploying on fewer than 5 days a week, and resolves when it deploys daily again', async () => {
    const july = (project: string, day: number) => ({
      ...deploy(project, day),
      id: `${project}-jul-${day}`,
      startedAt: at(day).replace('-06-', '-07-'),
      finishedAt: at(day).replace('-06-', '-07-'),
    });
    // Monday 13 July: the 28 days from 15 June. api deployed every working day; web stopped after 26 June.
    now = new Date('2026-07-13T12:00:00.000Z');
    await ingestEvents(s, { deployments: [deploy('api', 29), deploy('api', 30), ...[1, 2, 3, 6, 7, 8, 9, 10].map((d) => july('api', d))] });
    expect(await pass()).toEqual({
      events: [['firing', 'team-deploy-frequency', 'Feature Team B', 'Feature Team B: deploys on 0 days a week over the last 28d (target: daily, 5 days a week)']],
      received: [['firing', 'team-deploy-frequency', 'Feature Team B', ['lee']]],
    });
    await ingestEvents(s, { deployments: [deploy('web', 29), deploy('web', 30), ...[1, 2, 3, 6, 7, 8, 9, 10].map((d) => july('web', d))] });
    expect((await pass()).received).toEqual([['resolved', 'team-deploy-frequency', 'Feature Team B', ['lee']]]);
  });
});

describe.each(ENGINES)('review SLA reaching people on %s', (engine) => {
  let store: Store;
  let receiver: HttpReceiver;
  let now: Date;
  let s: Session;
  const clock = () => now;
  /** One pass: what the receiver got for review-sla as [path, event, subject, level, people]. */
  const pass = async () => {
    receiver.requests.length = 0;
    const report = await runAlertPass(s, { send });
    expect(report.errors).toEqual([]);
    expect(report.deliveries.filter((d) => d.status !== 'sent')).toEqual([]);
    return receiver.requests.flatMap((r) => {
      const json = r.json as { event: string; rule: { id: string }; subject: { id: string }; level: number; details: { people?: string[] } };
      return json.rule.id === 'review-sla' ? [[r.path, json.event, json.subject.id, json.level, json.details.people ?? null]] : [];
    });
  };

  beforeAll(async () => {
    store = await openEngine(engine);
    receiver = await startHttpReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await store.close();
  });

  it('no first review in 4 business hours reaches the requested reviewer; in 8, the team lead too; an approval past 24 reaches the reviewer; both resolve once the merge ages out', async () => {
    // Monday 1 June 2026, 09:00 UTC: business hours 09:00–17:00 on weekdays (the default).
    now = new Date('2026-06-01T09:00:00.000Z');
    s = await newWorkspace(store, { pack: PACK, clock });
    await addChannel(s, { name: 'eng-alerts', webhook: receiver.url('/eng-alerts') });
    await addChannel(s, { name: 'team-leads', webhook: receiver.url('/team-leads') });
    await setTeamSettings(s, { team: 'Feature Team A', projects: ['api'] });
    await createRecord(s, {
      database: 'teams',
      set: [
        ['Team', 'Feature Team A'],
        ['Team Lead', 'dana@example.com'],
      ],
    });
    const pr = { id: 'api#7', project: 'api', repo: 'api', author: 'ana', createdAt: '2026-06-01T09:00:00Z', requestedReviewers: ['ben', 'ana'] };
    await ingestEvents(s, { pullRequests: [pr] });
    now = new Date('2026-06-01T13:00:00.000Z');
    expect(await pass()).toEqual([]);
    // 13:01: 4 business hours and a minute with no first review.
    now = new Date('2026-06-01T13:01:00.000Z');
    expect(await pass()).toEqual([['/eng-alerts', 'firing', 'api#7#firstReview', 1, ['ben']]]);
    // Tuesday 09:01: 8 hours and a minute of business time (17:00 Monday to 09:00 Tuesday is not).
    now = new Date('2026-06-02T09:01:00.000Z');
    expect(await pass()).toEqual([
      ['/eng-alerts', 'escalated', 'api#7#firstReview', 2, ['ben', 'dana@example.com']],
      ['/team-leads', 'escalated', 'api#7#firstReview', 2, ['ben', 'dana@example.com']],
    ]);
    // ben comments at 09:30: the first review came after 8.5 business hours, a breach that stands, told no one again.
    const comment = { id: 'rv1', author: 'ben', state: 'COMMENTED', submittedAt: '2026-06-02T09:30:00Z' };
    await ingestEvents(s, { pullRequests: [{ ...pr, reviews: [comment] }] });
    now = new Date('2026-06-02T10:00:00.000Z');
    expect(await pass()).toEqual([]);
    // Thursday 09:01: 24 business hours and a minute without an approval.
    now = new Date('2026-06-04T09:01:00.000Z');
    expect(await pass()).toEqual([['/eng-alerts', 'firing', 'api#7#approval', 1, ['ben']]]);
    // Approved and merged; once the merge is older than the rule's 7-day window, both resolve, to the same people.
    const approval = { id: 'rv2', author: 'ben', state: 'APPROVED', submittedAt: '2026-06-04T09:05:00Z' };
    await ingestEvents(s, { pullRequests: [{ ...pr, mergedAt: '2026-06-04T09:10:00Z', reviews: [comment, approval] }] });
    now = new Date('2026-06-11T09:11:00.000Z');
    expect(await pass()).toEqual([
      ['/eng-alerts', 'resolved', 'api#7#approval', 1, ['ben']],
      ['/eng-alerts', 'resolved', 'api#7#firstReview', 2, ['ben', 'dana@example.com']],
      ['/team-leads', 'resolved', 'api#7#firstReview', 2, ['ben', 'dana@example.com']],
    ]);
  });
});

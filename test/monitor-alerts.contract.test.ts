import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addChannel } from '../src/app/alerts/alert-channels.ts';
import { runAlertPass } from '../src/app/alerts/run-alert-pass.ts';
import { setTeamSettings } from '../src/app/delivery-scope.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import type { Session } from '../src/app/session.ts';
import type { EventBatchInput } from '../src/core/metrics/event-batch.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import type { Store } from '../src/store/store.ts';
import { type HttpReceiver, startHttpReceiver } from './support/alert-receivers.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const T0 = new Date('2026-06-03T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const send = createAlertSender({ env: {}, timeoutMs: 2000 });

/** An ISO time `ms` before `now`. */
const ago = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();

describe.each(ENGINES)('monitor alerts of engineering-os on %s', (engine) => {
  let store: Store;
  let receiver: HttpReceiver;
  let now: Date;
  let s: Session;
  const clock = () => now;
  const later = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const ingest = (batch: EventBatchInput) => ingestEvents(s, batch);
  /** One pass; the events it produced as [event, rule, subject, message], and what the receiver got as [path, event, rule]. */
  const pass = async () => {
    receiver.requests.length = 0;
    const report = await runAlertPass(s, { send });
    expect(report.errors).toEqual([]);
    // Every delivery reached the receiver: a failure here shows its error rather than an empty list below.
    expect(report.deliveries.filter((d) => d.status !== 'sent')).toEqual([]);
    return {
      events: report.events.map((e) => [e.event, e.rule, e.subject, e.message]),
      received: receiver.requests.map((r) => [r.path, r.json.event, (r.json.rule as { id: string }).id]),
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
    for (const name of ['eng-alerts', 'sre-pager', 'incident-commander', 'ops-alerts']) await addChannel(s, { name, webhook: receiver.url(`/${name}`) });
  });

  it('slo-violation fires on a P95 latency sample over 150 s, stays quiet at 150, and resolves on the next sample under it', async () => {
    await ingest({ sloSamples: [{ id: 'l1', service: 'flowengine', metric: 'latency_p95_seconds', value: 150, at: ago(now, 5 * MINUTE) }] });
    expect((await pass()).events).toEqual([]);
    await ingest({ sloSamples: [{ id: 'l2', service: 'flowengine', metric: 'latency_p95_seconds', value: 151.5, at: ago(now, MINUTE) }] });
    expect(await pass()).toEqual({
      events: [['firing', 'slo-violation', 'flowengine', 'SLO violation on flowengine: P95 latency 151.5 s (over 150 s)']],
      received: [['/sre-pager', 'firing', 'slo-violation']],
    });
    later(10 * MINUTE);
    await ingest({ sloSamples: [{ id: 'l3', service: 'flowengine', metric: 'latency_p95_seconds', value: 118, at: ago(now, MINUTE) }] });
    expect(await pass()).toEqual({
      events: [['resolved', 'slo-violation', 'flowengine', 'SLO violation on flowengine: P95 latency 151.5 s (over 150 s)']],
      received: [['/sre-pager', 'resolved', 'slo-violation']],
    });
  });

  it('quality-degradation fires on a mutation kill-rate under 60% and resolves when it is back', async () => {
    await ingest({ sloSamples: [{ id: 'm1', service: 'repo-a', metric: 'mutation_kill_rate', value: 55, at: ago(now, HOUR) }] });
    expect(await pass()).toEqual({
      events: [['firing', 'quality-degradation', 'repo-a', 'Quality degradation on repo-a: mutation kill-rate 55% (under 60%)']],
      received: [['/sre-pager', 'firing', 'quality-degradation']],
    });
    await ingest({ sloSamples: [{ id: 'm2', service: 'repo-a', metric: 'mutation_kill_rate', value: 60, at: ago(now, 1000) }] });
    expect((await pass()).received).toEqual([['/sre-pager', 'resolved', 'quality-degradation']]);
  });

  it('mass-failure fires on the sixth job failure within an hour, not the fifth, and resolves as they age out', async () => {
    const failures = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ id: `run-${from + i}`, job: 'flow-run', at: ago(now, (from + i) * 5 * MINUTE) }));
    await ingest({ jobFailures: failures(5, 1) });
    expect((await pass()).events).toEqual([]);
    await ingest({ jobFailures: failures(1, 6) });
    expect(await pass()).toEqual({
      events: [['firing', 'mass-failure', '', 'Mass failure: 6 job failures in the last 1h (more than 5)']],
      received: [['/incident-commander', 'firing', 'mass-failure']],
    });
    // run-6 was 30 minutes ago: 31 minutes on it is out of the hour, and five are left.
    later(31 * MINUTE);
    expect((await pass()).received).toEqual([['/incident-commander', 'resolved', 'mass-failure']]);
  });

  it('daily-spend fires when the last 24 hours cost more than $50 and resolves when the day rolls past', async () => {
    await ingest({
      spend: [
        { id: 'b1', account: 'claude', amount: 30, at: ago(now, 20 * HOUR) },
        { id: 'b2', account: 'gpt', amount: 20, at: ago(now, 2 * HOUR) },
        { id: 'b0', account: 'claude', amount: 90, at: ago(now, 30 * HOUR) },
      ],
    });
    expect((await pass()).events).toEqual([]);
    await ingest({ spend: [{ id: 'b3', account: 'gemini', amount: 0.5, at: ago(now, HOUR) }] });
    expect(await pass()).toEqual({
      events: [['firing', 'daily-spend', 'USD', 'Budget burn: 50.5 USD spent in the last 24h (daily budget 50)']],
      received: [['/ops-alerts', 'firing', 'daily-spend']],
    });
    later(5 * HOUR);
    expect((await pass()).received).toEqual([['/ops-alerts', 'resolved', 'daily-spend']]);
  });

  it('quota-breaker fires at 85% of a quota and resolves when the next sample is under it', async () => {
    await ingest({ quota: [{ id: 'q1', account: 'claude', used: 849, limit: 1000, at: ago(now, 2 * HOUR) }] });
    expect((await pass()).events).toEqual([]);
    await ingest({ quota: [{ id: 'q2', account: 'claude', used: 850, limit: 1000, at: ago(now, HOUR) }] });
    expect(await pass()).toEqual({
      events: [['firing', 'quota-breaker', 'claude', 'Quota circuit breaker: claude has used 85.0% of its quota (breaker at 85.0%)']],
      received: [['/ops-alerts', 'firing', 'quota-breaker']],
    });
    await ingest({ quota: [{ id: 'q3', account: 'claude', used: 100, limit: 1000, at: ago(now, 1000) }] });
    expect((await pass()).received).toEqual([['/ops-alerts', 'resolved', 'quota-breaker']]);
  });

  it('p1-unacknowledged stays quiet in a workspace that ingests no acknowledgements at all', async () => {
    await ingest({ incidents: [{ id: 'INC-1', severity: 'P1', createdAt: ago(now, HOUR) }] });
    expect((await pass()).events).toEqual([]);
  });

  it('p1-unacknowledged fires 15 minutes after a P1 opens without an acknowledgement, not for a P2, and resolves on the acknowledgement', async () => {
    await ingest({
      incidents: [
        { id: 'INC-0', severity: 'P1', createdAt: ago(now, 2 * HOUR) },
        { id: 'INC-1', severity: 'P1', title: 'API down', createdAt: ago(now, 14 * MINUTE) },
        { id: 'INC-2', severity: 'P2', createdAt: ago(now, HOUR) },
      ],
      incidentAcks: [{ incidentId: 'INC-0', by: 'bo', at: ago(now, 2 * HOUR - 5 * MINUTE) }],
    });
    expect((await pass()).events).toEqual([]);
    later(2 * MINUTE);
    expect(await pass()).toEqual({
      events: [['firing', 'p1-unacknowledged', 'INC-1', 'INC-1 (P1) has waited 16 minutes for an acknowledgement (P1 response SLA: 15 minutes)']],
      received: [['/eng-alerts', 'firing', 'p1-unacknowledged']],
    });
    await ingest({ incidentAcks: [{ incidentId: 'INC-1', by: 'ana', at: now.toISOString() }] });
    expect((await pass()).received).toEqual([['/eng-alerts', 'resolved', 'p1-unacknowledged']]);
  });

  it('on-call-load fires for a team taking more than 30% of the pages of the last 4 weeks, and resolves as its pages age out', async () => {
    await setTeamSettings(s, { team: 'Feature Team A', projects: ['api'] });
    await setTeamSettings(s, { team: 'Feature Team B', projects: ['web'] });
    await createRecord(s, {
      database: 'teams',
      set: [
        ['Team', 'Feature Team A'],
        ['Team Lead', 'dana@example.com'],
      ],
    });
    const DAY = 24 * HOUR;
    // 10 pages: A has 3 (30%, not over), B has 2, the rest belong to no team.
    const page = (id: string, project: string, daysAgo: number) => ({
      id,
      project,
      severity: 'P3',
      createdAt: ago(now, daysAgo * DAY),
      resolvedAt: ago(now, daysAgo * DAY - HOUR),
    });
    await ingest({
      incidents: [
        page('a1', 'api', 1),
        page('a2', 'api', 2),
        page('a3', 'api', 3),
        page('b1', 'web', 1),
        page('b2', 'web', 2),
        ...[1, 2, 3, 4, 5].map((n) => page(`x${n}`, 'ops', n)),
      ],
    });
    expect((await pass()).events).toEqual([]);
    await ingest({ incidents: [page('a4', 'api', 27)] });
    expect(await pass()).toEqual({
      events: [['firing', 'on-call-load', 'Feature Team A', "Feature Team A took 4 of the last 4w's 11 pages (36.4%; no team over 30.0%): spread the on-call load"]],
      received: [['/eng-alerts', 'firing', 'on-call-load']],
    });
    // The notification names the team's lead (Teams' Team Lead), for delivery to a person.
    expect(receiver.requests[0]?.json.details).toEqual({ team: 'Feature Team A', pages: 4, total: 11, people: ['dana@example.com'] });
    later(2 * DAY);
    expect((await pass()).received).toEqual([['/eng-alerts', 'resolved', 'on-call-load']]);
  });
});

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addChannel, testChannel } from '../src/app/alerts/alert-channels.ts';
import { listAlertDeliveries, listAlerts } from '../src/app/alerts/list-alerts.ts';
import { runAlertPass } from '../src/app/alerts/run-alert-pass.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { updateRecord } from '../src/app/records/update-record.ts';
import { openSession, type Session } from '../src/app/session.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import { SIGNATURE_HEADER, signBody } from '../src/integrations/alerts/send-webhook.ts';
import type { Store } from '../src/store/store.ts';
import { type HttpReceiver, type SmtpReceiver, startHttpReceiver, startSmtpReceiver } from './support/alert-receivers.ts';
import { productionDeployment } from './support/deployments.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const T0 = new Date('2026-06-03T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SECRET = 'webhook-secret-for-tests';
const send = createAlertSender({ env: { EOS_ALERT_WEBHOOK_SECRET: SECRET, EOS_SMTP_PASSWORD: 'smtp-password' }, timeoutMs: 10_000 });

describe.each(ENGINES)('alerts on %s', (engine) => {
  let store: Store;
  let receiver: HttpReceiver;
  let smtp: SmtpReceiver;
  let now: Date;
  let s: Session;
  const clock = () => now;
  const pass = (session: Session = s) => runAlertPass(session, { send });
  const later = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  beforeAll(async () => {
    store = await openEngine(engine);
    receiver = await startHttpReceiver();
    smtp = await startSmtpReceiver({ password: 'smtp-password' });
  });
  afterAll(async () => {
    await receiver.close();
    await smtp.close();
    await store.close();
  });
  beforeEach(async () => {
    now = T0;
    receiver.requests.length = 0;
    smtp.messages.length = 0;
    s = await newWorkspace(store, { pack: PACK, clock });
    await addChannel(s, { name: 'eng-alerts', webhook: receiver.url('/eng'), secretEnv: 'EOS_ALERT_WEBHOOK_SECRET' });
    await addChannel(s, { name: 'team-leads', webhook: receiver.url('/leads') });
  });

  const blockedItem = async (blockedFor: number) =>
    (
      await createRecord(s, {
        database: 'work-items',
        set: [
          ['Title', 'Billing export'],
          ['Type', 'Chore'],
          ['Blocked Since', new Date(now.getTime() - blockedFor).toISOString()],
          ['Blocked By', 'platform team'],
        ],
      })
    ).record.key;

  it('climbs the escalation ladder: level 1 after a day, level 2 re-notifies with the team leads, unblocking resolves, and a pass over unchanged state sends nothing', async () => {
    const key = await blockedItem(DAY + HOUR);
    const first = await pass();
    expect(first.events).toEqual([
      {
        event: 'firing',
        rule: 'blocked-work',
        severity: 'warning',
        subject: key,
        label: `${key} Billing export`,
        level: 1,
        message: `${key} Billing export is blocked (1 days, by platform team): update the ticket and tag the blocking party`,
        channels: ['eng-alerts'],
      },
    ]);
    expect(first.deliveries).toMatchObject([{ channel: 'eng-alerts', event: 'firing', attempt: 1, status: 'sent', statusCode: 200, error: null }]);
    expect(receiver.requests.map((r) => [r.path, r.json.event, r.json.level])).toEqual([['/eng', 'firing', 1]]);
    const [request] = receiver.requests;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(signBody(request?.body ?? '', SECRET));
    expect(request?.json).toMatchObject({
      workspace: s.workspaceId,
      rule: { id: 'blocked-work', name: 'Blocked work item', kind: 'escalation', severity: 'warning' },
      subject: { id: key, label: `${key} Billing export`, link: `/records/${key}` },
      since: T0.toISOString(),
      resolvedAt: null,
      details: { key, blockedBy: 'platform team', ageDays: 1, target: 'update the ticket and tag the blocking party' },
    });

    const again = await pass();
    expect(again.events).toEqual([]);
    expect(again.deliveries).toEqual([]);
    expect(receiver.requests).toHaveLength(1);

    later(DAY);
    const second = await pass();
    expect(second.events.map((e) => [e.event, e.level, e.channels])).toEqual([['escalated', 2, ['eng-alerts', 'team-leads']]]);
    expect(second.events[0]?.message).toBe(`${key} Billing export is blocked (2 days, by platform team): escalate to both team leads`);
    expect(receiver.requests.slice(1).map((r) => [r.path, r.json.event, r.json.level])).toEqual([
      ['/eng', 'escalated', 2],
      ['/leads', 'escalated', 2],
    ]);
    // The unsigned channel carries no signature.
    expect(receiver.requests[2]?.headers[SIGNATURE_HEADER.toLowerCase()]).toBeUndefined();
    expect(await listAlerts(s)).toMatchObject([{ ruleId: 'blocked-work', subject: key, level: 2, state: 'firing', since: T0.toISOString(), lastNotifiedAt: now.toISOString() }]);

    later(HOUR);
    await updateRecord(s, { ref: key, set: [['Blocked Since', '']] });
    const resolved = await pass();
    expect(resolved.events.map((e) => [e.event, e.subject, e.channels])).toEqual([['resolved', key, ['eng-alerts', 'team-leads']]]);
    expect(receiver.requests.slice(3).map((r) => [r.path, r.json.event, r.json.resolvedAt])).toEqual([
      ['/eng', 'resolved', now.toISOString()],
      ['/leads', 'resolved', now.toISOString()],
    ]);
    expect(await listAlerts(s)).toEqual([]);
    expect(await listAlerts(s, { all: true })).toMatchObject([{ subject: key, state: 'resolved', resolvedAt: now.toISOString() }]);

    expect((await pass()).events).toEqual([]);
    expect(receiver.requests).toHaveLength(5);
  });

  it('logs a failed delivery with its status, retries it on a later pass after the backoff, and then delivers it once', async () => {
    const key = await blockedItem(DAY + HOUR);
    receiver.failNext(1, 503);
    const failed = await pass();
    expect(failed.deliveries).toEqual([
      {
        channel: 'eng-alerts',
        event: 'firing',
        rule: 'blocked-work',
        subject: key,
        attempt: 1,
        status: 'failed',
        statusCode: 503,
        error: 'the webhook answered 503',
        retryAt: new Date(T0.getTime() + 60_000).toISOString(),
      },
    ]);
    // Not due yet: nothing is sent.
    expect((await pass()).deliveries).toEqual([]);
    later(61_000);
    const retried = await pass();
    expect(retried.events).toEqual([]);
    expect(retried.deliveries).toMatchObject([{ channel: 'eng-alerts', attempt: 2, status: 'sent', statusCode: 200 }]);
    later(10 * 60_000);
    expect((await pass()).deliveries).toEqual([]);
    expect(receiver.requests.map((r) => r.answered)).toEqual([503, 200]);
    expect(receiver.requests[0]?.body).toBe(receiver.requests[1]?.body);
    expect((await listAlertDeliveries(s)).map((d) => [d.attempt, d.status, d.statusCode, d.response, d.error])).toEqual([
      [2, 'sent', 200, 'ok', null],
      [1, 'failed', 503, 'receiver told to fail', 'the webhook answered 503'],
    ]);
  });

  it('two passes at once (on PostgreSQL, from two stores, as two processes would) notify each event once', async () => {
    await blockedItem(DAY + HOUR);
    const otherStore = engine === 'postgres' ? await openEngine('postgres') : store;
    const other = await openSession({ store: otherStore, workspaceId: s.workspaceId, actor: 'scheduler', clock });
    const [a, b] = await Promise.all([pass(s), pass(other)]);
    expect([...a.deliveries, ...b.deliveries].map((d) => [d.channel, d.event, d.status])).toEqual([['eng-alerts', 'firing', 'sent']]);
    expect([...a.events, ...b.events].map((e) => e.event)).toEqual(['firing']);
    expect(receiver.requests).toHaveLength(1);
    if (otherStore !== store) await otherStore.close();
  });

  it('logs a channel the workspace does not have as skipped, and never retries it', async () => {
    await createRecord(s, {
      database: 'budget-cost-model',
      set: [
        ['Line Item', 'Cloud spend'],
        ['Amount – Planned', '1000'],
        ['Amount – Actual', '1500'],
      ],
    });
    const report = await pass();
    expect(report.deliveries).toMatchObject([
      {
        channel: 'ops-alerts',
        status: 'skipped',
        error: "this workspace has no channel 'ops-alerts': add it with eos alerts channel add ops-alerts --webhook <url> (or --email …)",
      },
    ]);
    later(10 * 60_000);
    expect((await pass()).deliveries).toEqual([]);
    expect((await listAlertDeliveries(s)).map((d) => [d.channel, d.status])).toEqual([['ops-alerts', 'skipped']]);
  });

  it('fires a budget-burn alert for the budget line over plan only, and repeats it after a day', async () => {
    await addChannel(s, { name: 'ops-alerts', webhook: receiver.url('/ops') });
    const over = await createRecord(s, {
      database: 'budget-cost-model',
      set: [
        ['Line Item', 'Cloud spend'],
        ['Amount – Planned', '1000'],
        ['Amount – Actual', '1500'],
      ],
    });
    await createRecord(s, {
      database: 'budget-cost-model',
      set: [
        ['Line Item', 'Travel'],
        ['Amount – Planned', '1000'],
        ['Amount – Actual', '900'],
      ],
    });
    const report = await pass();
    expect(report.events.map((e) => [e.rule, e.subject, e.message])).toEqual([
      ['budget-burn', over.record.key, `${over.record.key} Cloud spend: actual 1500 is over the planned 1000 (variance 500)`],
    ]);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/ops']);
    later(23 * HOUR);
    expect((await pass()).events).toEqual([]);
    later(HOUR);
    expect((await pass()).events.map((e) => [e.event, e.subject])).toEqual([['repeat', over.record.key]]);
  });

  it('fires for a SEV1 incident that ended over 48 hours ago with no retro linked, and resolves once one is', async () => {
    const incident = async (id: string, severity: string, endedHoursAgo: number) =>
      (
        await createRecord(s, {
          database: 'incidents',
          set: [
            ['Incident ID', id],
            ['Severity', severity],
            ['Start', new Date(now.getTime() - (endedHoursAgo + 2) * HOUR).toISOString()],
            ['End', new Date(now.getTime() - endedHoursAgo * HOUR).toISOString()],
          ],
        })
      ).record.key;
    const late = await incident('INC-51', 'SEV1', 50);
    await incident('INC-52', 'SEV1', 47);
    await incident('INC-53', 'SEV3', 72);
    const report = await pass();
    expect(report.events.map((e) => [e.rule, e.subject, e.message])).toEqual([
      ['incident-without-retro', late, `${late} (SEV1) ended more than 48 hours ago and has no retro: hold a blameless one and link it`],
    ]);
    const retro = await createRecord(s, { database: 'retros', set: [['Retro', 'INC-51 retro']] });
    await updateRecord(s, { ref: late, set: [['Retro', retro.record.key]] });
    expect((await pass()).events.map((e) => [e.event, e.rule, e.subject])).toEqual([['resolved', 'incident-without-retro', late]]);
  });

  it('fires the change-failure-rate guardrail from ingested events, and resolves it once the rate is back at 10%', async () => {
    const deployment = (n: number, daysAgo: number) => productionDeployment(n, new Date(now.getTime() - daysAgo * DAY).toISOString());
    await ingestEvents(s, {
      deployments: [1, 2, 3, 4, 5].map((n) => deployment(n, 12 - n)),
      incidents: [{ id: 'inc-1', project: 'api', severity: 'P1', createdAt: new Date(now.getTime() - 9 * DAY + 2 * HOUR).toISOString() }],
    });
    const firing = await pass();
    expect(firing.events).toMatchObject([
      {
        event: 'firing',
        rule: 'cfr-guardrail',
        severity: 'critical',
        subject: '',
        label: 'Change failure rate over 10%',
        message: 'The change failure rate over the last 14 days is 20.0% (guardrail: under 10%): slow down and investigate',
      },
    ]);
    expect(receiver.requests[0]?.json).toMatchObject({ subject: { id: '', link: '/delivery' }, details: { metrics: { 'changeFailureRate@14d': 0.2 } } });
    await ingestEvents(s, { deployments: [6, 7, 8, 9, 10].map((n) => deployment(n, 1)) });
    expect((await pass()).events.map((e) => [e.event, e.rule])).toEqual([['resolved', 'cfr-guardrail']]);
  });

  it('fires for a PR that missed the review SLA and for a P1 retro not held 48 hours after the resolution', async () => {
    await ingestEvents(s, {
      pullRequests: [
        {
          id: 'pr-1',
          project: 'api',
          repo: 'api',
          author: 'ana',
          createdAt: '2026-06-01T09:00:00Z',
          mergedAt: '2026-06-01T16:00:00Z',
          reviews: [{ id: 'r1', author: 'ben', state: 'APPROVED', submittedAt: '2026-06-01T15:00:00Z' }],
        },
        // Open since Tuesday 09:00 with only its author's comment: 11 business hours waiting by Wednesday noon.
        {
          id: 'pr-2',
          project: 'api',
          repo: 'api',
          author: 'cy',
          createdAt: '2026-06-02T09:00:00Z',
          reviews: [{ id: 'r2', author: 'cy', state: 'COMMENTED', submittedAt: '2026-06-02T10:00:00Z' }],
        },
      ],
    });
    const retro = await createRecord(s, {
      database: 'retros',
      set: [
        ['Retro', 'INC-9 retro'],
        ['Priority', 'P1'],
        ['Resolved At', new Date(now.getTime() - 50 * HOUR).toISOString()],
      ],
    });
    await createRecord(s, {
      database: 'retros',
      set: [
        ['Retro', 'INC-10 retro'],
        ['Priority', 'P1'],
        ['Resolved At', new Date(now.getTime() - 47 * HOUR).toISOString()],
      ],
    });
    const report = await pass();
    expect(report.events.map((e) => [e.rule, e.subject, e.message])).toEqual([
      ['review-sla', 'pr-1#firstReview', 'PR pr-1 (api) missed the first review SLA of 4 business hours: 6 business hours'],
      ['review-sla', 'pr-2#firstReview', 'PR pr-2 (api) missed the first review SLA of 4 business hours: 11 business hours'],
      ['retro-overdue', retro.record.key, `${retro.record.key} INC-9 retro: the P1 retro is not held 50 hours after the incident was resolved (due within 48 hours)`],
    ]);
    // pr-2 waited over 8 business hours: level 2, which the rule escalates to the team leads too.
    expect(receiver.requests.map((r) => [r.path, (r.json.subject as { link: string }).link, r.json.level])).toEqual([
      ['/eng', '/pull-requests/pr-1', 1],
      ['/eng', '/pull-requests/pr-2', 2],
      ['/leads', '/pull-requests/pr-2', 2],
      ['/eng', `/records/${retro.record.key}`, 1],
    ]);
    // pr-1 reaches ben, who reviewed it; pr-2 has no reviewer but its author, and no team: no one to name.
    expect(receiver.requests[0]?.json).toMatchObject({ details: { reviewers: ['ben'], team: null, people: ['ben'] } });
    expect(receiver.requests[1]?.json).toMatchObject({ subject: { label: 'PR pr-2 (first review, open)' }, details: { open: true, businessMinutes: 660, reviewers: [] } });
    expect(receiver.requests[1]?.json.details).not.toHaveProperty('people');
    await updateRecord(s, { ref: retro.record.key, set: [['Held At', now.toISOString()]] });
    expect((await pass()).events.map((e) => [e.event, e.subject])).toEqual([['resolved', retro.record.key]]);
  });

  it('sends an email over SMTP: subject, recipients, and the body line by line', async () => {
    await addChannel(s, {
      name: 'vp-eng',
      email: 'lead@example.com, vp@example.com',
      smtp: `127.0.0.1:${smtp.port}`,
      from: 'eos@example.com',
      user: 'eos',
      passwordEnv: 'EOS_SMTP_PASSWORD',
    });
    const key = await blockedItem(3 * DAY + HOUR);
    const report = await pass();
    expect(report.deliveries.map((d) => [d.channel, d.status])).toEqual([
      ['eng-alerts', 'sent'],
      ['team-leads', 'sent'],
      ['vp-eng', 'sent'],
    ]);
    expect(report.deliveries[2]?.statusCode).toBe(250);
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail?.from).toBe('eos@example.com');
    expect(mail?.to).toEqual(['lead@example.com', 'vp@example.com']);
    expect(mail?.user).toBe('eos');
    expect(mail?.subject).toBe(`[eos ${s.workspaceId}] Firing warning: Blocked work item — ${key} Billing export`);
    expect(mail?.text.trim().split('\n')).toEqual([
      `Firing: ${key} Billing export is blocked (3 days, by platform team): escalate to the VP Eng`,
      '',
      'Rule: Blocked work item (blocked-work)',
      'Severity: warning',
      'Level: 3',
      `Subject: ${key} Billing export`,
      `Since: ${T0.toISOString()}`,
      `Link: /records/${key}`,
      `Workspace: ${s.workspaceId}`,
    ]);
    expect(mail?.html).toContain(`<p><strong>Firing:</strong> ${key} Billing export is blocked (3 days, by platform team): escalate to the VP Eng</p>`);
  });

  it('tests a channel: a webhook that answers, one that fails, and SMTP with a wrong password', async () => {
    expect(await testChannel(s, 'team-leads', send)).toEqual({ channel: 'team-leads', ok: true, statusCode: 200, response: 'ok', error: null });
    expect(receiver.requests[0]?.json).toMatchObject({ event: 'test', rule: { id: 'test' }, subject: { id: 'team-leads' } });
    receiver.failNext(1);
    expect(await testChannel(s, 'team-leads', send)).toEqual({
      channel: 'team-leads',
      ok: false,
      statusCode: 500,
      response: 'receiver told to fail',
      error: 'the webhook answered 500',
    });
    await addChannel(s, { name: 'mail', email: 'ops@example.com', smtp: `127.0.0.1:${smtp.port}`, from: 'eos@example.com', user: 'eos', passwordEnv: 'EOS_WRONG_PASSWORD' });
    const wrong = await testChannel(s, 'mail', createAlertSender({ env: { EOS_WRONG_PASSWORD: 'nope' }, timeoutMs: 10_000 }));
    expect(wrong).toMatchObject({ channel: 'mail', ok: false, statusCode: 535 });
    expect(await testChannel(s, 'mail', createAlertSender({ env: {}, timeoutMs: 10_000 }))).toEqual({
      channel: 'mail',
      ok: false,
      statusCode: null,
      response: null,
      error: "EOS_WRONG_PASSWORD is not set: the channel 'mail' logs in to 127.0.0.1 with the password in it",
    });
    const err = await failure(testChannel(s, 'nowhere', send));
    expect(err.code).toBe('not_found');
    expect(err.message).toBe("There is no alert channel 'nowhere'; channels: eng-alerts, mail, team-leads");
  });

  it('a dry run reports what would fire and writes nothing; only an admin runs a pass or changes channels', async () => {
    const key = await blockedItem(DAY + HOUR);
    const viewer = await openSession({ store, workspaceId: s.workspaceId, actor: 'val', role: 'viewer', clock });
    const dry = await runAlertPass(viewer, { send, dryRun: true });
    expect(dry.events.map((e) => [e.event, e.subject])).toEqual([['firing', key]]);
    expect(dry.deliveries).toEqual([]);
    expect(receiver.requests).toEqual([]);
    expect(await listAlerts(s)).toEqual([]);
    const editor = await openSession({ store, workspaceId: s.workspaceId, actor: 'ed', role: 'editor', clock });
    const refused = await failure(runAlertPass(editor, { send }));
    expect([refused.code, refused.message]).toEqual(['forbidden', 'Only an admin can run an alert pass (try --dry-run); ed has the editor role']);
    const channel = await failure(addChannel(editor, { name: 'x', webhook: 'https://example.com/hook' }));
    expect([channel.code, channel.message]).toEqual(['forbidden', 'Only an admin can change alert channels; ed has the editor role']);
    const bad = await failure(addChannel(s, { name: 'Bad Name', webhook: 'ftp://x', secretEnv: 'my secret' }));
    expect([bad.code, bad.message]).toEqual([
      'invalid_input',
      "The channel 'Bad Name' is not valid: 'Bad Name' is not a channel name: use lower-case letters, digits, '.', '_' or '-' (e.g. ops-alerts); --secret-env takes the NAME of an environment variable (e.g. EOS_ALERT_SECRET), not 'my secret'; --webhook 'ftp://x' is not an http(s) URL",
    ]);
  });
});

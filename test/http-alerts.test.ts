import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChannel } from '../src/app/alerts/alert-channels.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import type { Session } from '../src/app/session.ts';
import { EosError } from '../src/core/errors.ts';
import { createAuthPlugin } from '../src/http/auth/auth-plugin.ts';
import { buildServer } from '../src/http/build-server.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import type { Store } from '../src/store/store.ts';
import { type HttpReceiver, startHttpReceiver } from './support/alert-receivers.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { createTestUsers, type TestUsers } from './support/http-users.ts';
import { newWorkspace } from './support/workspace.ts';

/** The production and on-call monitors (seed 003, seed 001's P1 response SLA). */
const MONITOR_RULES = [
  'quality-degradation',
  'slo-violation',
  'mass-failure',
  'daily-spend',
  'quota-breaker',
  'p1-unacknowledged',
  'on-call-load',
  'postmortem-required',
  'team-lead-time',
  'team-mttr-p1',
  'team-pr-cycle-time',
  'team-deploy-frequency',
  'team-wip',
];
const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const NOW = new Date('2026-06-03T12:00:00.000Z');
const send = createAlertSender({ env: { EOS_OPS_SECRET: 'ops-signing-secret' }, timeoutMs: 2000 });

describe.each(ENGINES)('alerts over HTTP on %s', (engine) => {
  let store: Store;
  let receiver: HttpReceiver;
  let s: Session;
  let users: TestUsers;
  let app: FastifyInstance;
  let key: string;
  const clock = () => NOW;

  beforeAll(async () => {
    store = await openEngine(engine);
    receiver = await startHttpReceiver();
    s = await newWorkspace(store, { pack: PACK, clock });
    users = await createTestUsers(store, s.workspaceId);
    await addChannel(s, { name: 'eng-alerts', webhook: receiver.url('/eng') });
    key = (
      await createRecord(s, {
        database: 'work-items',
        set: [
          ['Title', 'Billing export'],
          ['Type', 'Chore'],
          ['Blocked Since', '2026-06-01T10:00:00Z'],
          ['Blocked By', 'platform team'],
        ],
      })
    ).record.key;
    app = await buildServer({
      store,
      workspaceId: s.workspaceId,
      clock,
      auth: createAuthPlugin({ store, workspaceId: s.workspaceId, clock }),
      alerts: { send, baseUrl: 'https://eos.example.com' },
    });
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
    await store.close();
  });

  it('POST /alerts/run is for admins (a dry run for any writer); GET /alerts lists what fires with its link, level and times', async () => {
    // No pass has run on this server (it has no schedule): an empty list says nothing yet.
    expect((await app.inject({ url: '/api/v1/alerts', headers: users.headers('vic') })).json()).toEqual({ alerts: [], checkedAt: null });
    const editor = await app.inject({ method: 'POST', url: '/api/v1/alerts/run', headers: users.headers('ana'), payload: {} });
    expect(editor.statusCode).toBe(403);
    expect(editor.json().error).toMatchObject({ code: 'forbidden', message: 'Only an admin can run an alert pass (try --dry-run); ana has the editor role' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/alerts/run', headers: users.headers('vic'), payload: { dryRun: true } })).statusCode).toBe(403);
    const dry = await app.inject({ method: 'POST', url: '/api/v1/alerts/run', headers: users.headers('ana'), payload: { dryRun: true } });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, events: [{ event: 'firing', rule: 'blocked-work', subject: key, level: 2 }], deliveries: [] });
    expect(receiver.requests).toEqual([]);

    const run = await app.inject({ method: 'POST', url: '/api/v1/alerts/run', headers: users.headers('root') });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({
      dryRun: false,
      firing: 1,
      deliveries: [
        { channel: 'eng-alerts', status: 'sent', statusCode: 200 },
        { channel: 'team-leads', status: 'skipped', statusCode: null },
      ],
    });
    expect(receiver.requests[0]?.json).toMatchObject({ subject: { link: `https://eos.example.com/records/${key}` } });

    const listed = await app.inject({ url: '/api/v1/alerts', headers: users.headers('vic') });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      alerts: [
        {
          rule: { id: 'blocked-work', name: 'Blocked work item', kind: 'escalation', severity: 'warning' },
          ruleId: 'blocked-work',
          subject: key,
          label: `${key} Billing export`,
          link: `/records/${key}`,
          level: 2,
          state: 'firing',
          message: `${key} Billing export is blocked (2 days, by platform team): escalate to both team leads`,
          details: { key, blockedBy: 'platform team', ageDays: 2, target: 'escalate to both team leads' },
          since: NOW.toISOString(),
          lastNotifiedAt: NOW.toISOString(),
          resolvedAt: null,
        },
      ],
      checkedAt: NOW.toISOString(),
    });
    expect((await app.inject({ url: '/api/v1/alerts?all=maybe', headers: users.headers('vic') })).statusCode).toBe(400);
  });

  it('a server with a schedule runs one pass at start-up; an alert no channel received says so (lastNotifiedAt null)', async () => {
    const quiet = await newWorkspace(store, { pack: PACK, clock });
    const quietUsers = await createTestUsers(store, quiet.workspaceId);
    await createRecord(quiet, {
      database: 'work-items',
      set: [
        ['Title', 'Nobody hears this'],
        ['Type', 'Chore'],
        ['Blocked Since', '2026-06-01T10:00:00Z'],
        ['Blocked By', 'platform team'],
      ],
    });
    // Once a year: only the start-up pass can have run within this test.
    const scheduled = await buildServer({
      store,
      workspaceId: quiet.workspaceId,
      clock,
      auth: createAuthPlugin({ store, workspaceId: quiet.workspaceId, clock }),
      alerts: { send, cron: '0 0 1 1 *' },
    });
    try {
      const read = async () => (await scheduled.inject({ url: '/api/v1/alerts', headers: quietUsers.headers('vic') })).json();
      await expect.poll(async () => (await read()).checkedAt, { timeout: 15_000 }).toBe(NOW.toISOString());
      expect((await read()).alerts).toMatchObject([{ ruleId: 'blocked-work', state: 'firing', since: NOW.toISOString(), lastNotifiedAt: null }]);
    } finally {
      await scheduled.close();
    }
  });

  it("GET /alerts/rules lists the pack's rules, each with its channels, repeat and the seed line it quotes, for any signed-in user", async () => {
    const listed = await app.inject({ url: '/api/v1/alerts/rules', headers: users.headers('vic') });
    expect(listed.statusCode).toBe(200);
    const { rules } = listed.json();
    expect(rules.map((r: { id: string }) => r.id)).toEqual([
      'blocked-work',
      'review-sla',
      'retro-overdue',
      'cfr-guardrail',
      'budget-burn',
      'incident-without-retro',
      ...MONITOR_RULES,
    ]);
    expect(rules[0]).toEqual({
      id: 'blocked-work',
      name: 'Blocked work item',
      kind: 'escalation',
      severity: 'warning',
      description: "Work Items blocked for more than 1, 2 and 3 days climb the seed's escalation ladder; each step notifies again.",
      message: '{{key}} {{title}} is blocked ({{ageDays}} days, by {{blockedBy}}): {{target}}',
      notify: ['eng-alerts'],
      escalate: { 2: ['team-leads'], 3: ['vp-eng'] },
      seed: {
        source: '001 §5 Workflow contract',
        line: 'Blocked >1 day: update ticket + tag blocking party. Blocked >2 days: escalate to both team leads. Blocked >3 days: escalate to VP Eng.',
      },
    });
    expect(rules[3]).toMatchObject({ id: 'cfr-guardrail', kind: 'metric', severity: 'critical', when: "metric('changeFailureRate', '14d') > 0.10", repeat: '24h' });
    expect(rules[4]).toMatchObject({ id: 'budget-burn', kind: 'records', database: 'budget-cost-model', notify: ['ops-alerts'] });
    expect(rules[1]).toMatchObject({ id: 'review-sla', window: '7d' });
    const anonymous = await app.inject({ url: '/api/v1/alerts/rules' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthenticated');
  });

  it('GET /metrics carries eos_alerts_firing by rule and severity, 0 for quiet rules', async () => {
    const text = (await app.inject({ url: '/metrics', headers: users.headers('root') })).body;
    expect(text).toContain('# TYPE eos_alerts_firing gauge');
    expect(text).toContain('eos_alerts_firing{rule="blocked-work",severity="warning"} 1');
    expect(text).toContain('eos_alerts_firing{rule="cfr-guardrail",severity="critical"} 0');
  });

  it('manages channels over HTTP as eos alerts channel does (admins only), tests one against a live receiver, and serves the delivery log', async () => {
    const refused = await app.inject({ method: 'POST', url: '/api/v1/alerts/channels', headers: users.headers('ana'), payload: { name: 'ops', webhook: receiver.url('/ops') } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'forbidden', message: 'Only an admin can change alert channels; ana has the editor role' });
    expect((await app.inject({ url: '/api/v1/alerts/channels', headers: users.headers('ana') })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/alerts/channels', headers: users.headers('root'), payload: { name: 'ops' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_input');
    const added = await app.inject({
      method: 'POST',
      url: '/api/v1/alerts/channels',
      headers: users.headers('root'),
      payload: { name: 'ops', webhook: `${receiver.url('/ops')}?token=hush`, secretEnv: 'EOS_OPS_SECRET' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().channel).toEqual({
      name: 'ops',
      kind: 'webhook',
      sends: `POST ${receiver.url('/ops')}?… (signed with $EOS_OPS_SECRET)`,
      createdAt: NOW.toISOString(),
      createdBy: 'root',
    });
    const listed = await app.inject({ url: '/api/v1/alerts/channels', headers: users.headers('root') });
    expect(listed.json().channels.map((c: { name: string }) => c.name)).toEqual(['eng-alerts', 'ops']);
    expect(listed.body).not.toContain('hush');

    const before = receiver.requests.length;
    const tested = await app.inject({ method: 'POST', url: '/api/v1/alerts/channels/ops/test', headers: users.headers('root') });
    expect(tested.json()).toMatchObject({ channel: 'ops', ok: true, statusCode: 200, error: null });
    expect(receiver.requests.at(-1)?.headers['x-eos-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(receiver.requests.slice(before).map((r) => r.path)).toEqual(['/ops?token=hush']);
    // The clock stands still here, so the log's newest-first order can't tell these apart: find the test.
    const log = await app.inject({ url: '/api/v1/alerts/log', headers: users.headers('vic') });
    expect(log.json().deliveries.filter((d: { channel: string }) => d.channel === 'ops')).toEqual([
      expect.objectContaining({ channel: 'ops', status: 'sent', statusCode: 200, event: 'test', ruleId: 'test', attempt: 1 }),
    ]);
    expect((await app.inject({ url: '/api/v1/alerts/log?limit=1', headers: users.headers('vic') })).json().deliveries).toHaveLength(1);

    const removed = await app.inject({ method: 'DELETE', url: '/api/v1/alerts/channels/ops', headers: users.headers('root') });
    expect(removed.json().channel.name).toBe('ops');
    const gone = await app.inject({ method: 'POST', url: '/api/v1/alerts/channels/ops/test', headers: users.headers('root') });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toBe("There is no alert channel 'ops'; channels: eng-alerts");
  });

  it('documents the routes in the OpenAPI document, which stays valid', async () => {
    const spec = (await app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/alerts',
        '/api/v1/alerts/rules',
        '/api/v1/alerts/run',
        '/api/v1/alerts/channels',
        '/api/v1/alerts/channels/{name}/test',
        '/api/v1/alerts/log',
      ]),
    );
    expect((await new Validator().validate(spec)).valid).toBe(true);
  });
});

describe('scheduled alert passes', () => {
  it('run on the cron schedule while the server runs, and stop when it closes', { timeout: 20_000 }, async () => {
    const store = await openEngine('pglite');
    const receiver = await startHttpReceiver();
    const s = await newWorkspace(store, { pack: PACK });
    await addChannel(s, { name: 'eng-alerts', webhook: receiver.url('/eng') });
    await createRecord(s, {
      database: 'work-items',
      set: [
        ['Title', 'Stuck'],
        ['Type', 'Chore'],
        ['Blocked Since', new Date(Date.now() - 26 * 3_600_000).toISOString()],
      ],
    });
    const app = await buildServer({ store, workspaceId: s.workspaceId, alerts: { send, cron: '* * * * * *' } });
    const deadline = Date.now() + 10_000;
    while (receiver.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(receiver.requests.map((r) => r.json.event)).toEqual(['firing']);
    await app.close();
    await new Promise((r) => setTimeout(r, 1500));
    // Later passes found nothing new, and none runs after the close.
    expect(receiver.requests).toHaveLength(1);
    await receiver.close();
    await store.close();
  });

  it('refuses a cron pattern that is not one, naming it', async () => {
    const store = await openEngine('pglite');
    const s = await newWorkspace(store);
    const error = await buildServer({ store, workspaceId: s.workspaceId, alerts: { send, cron: 'every five minutes' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EosError);
    expect((error as EosError).message).toMatch(/^EOS_ALERTS_CRON 'every five minutes' is not a cron pattern: /);
    await store.close();
  });
});

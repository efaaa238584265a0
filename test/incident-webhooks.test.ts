import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChannel } from '../src/app/alerts/alert-channels.ts';
import { runAlertPass } from '../src/app/alerts/run-alert-pass.ts';
import type { Session } from '../src/app/session.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import { ingestIncidentsCsv } from '../src/integrations/incidents/ingest-incidents-csv.ts';
import { ingestWebhook } from '../src/integrations/ingest-webhook.ts';
import { monitorEventsSince } from '../src/store/monitor-event-rows.ts';
import type { Store } from '../src/store/store.ts';
import { storedIncident } from '../src/store/stored-delivery-events.ts';
import { type HttpReceiver, startHttpReceiver } from './support/alert-receivers.ts';
import { openEngine } from './support/engines.ts';
import { HAVE_INCIDENT_SAMPLES, INCIDENT_SAMPLES } from './support/incident-samples.ts';
import { newWorkspace } from './support/workspace.ts';

// Issue 12, point 2: incident acknowledgements from PagerDuty (V3 webhooks and REST exports),
// Opsgenie and incident.io, read from recorded payloads (test/fixtures/incident-webhooks/README.md).

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`fixtures/incident-webhooks/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
if (!HAVE_INCIDENT_SAMPLES) console.warn('[eos] ../shared/samples/incidents is absent: the PagerDuty REST export test was skipped');
const send = createAlertSender({ env: {}, timeoutMs: 2000 });

/** The acknowledgements stored, as [incident, by, at]. */
async function acks(s: Session): Promise<unknown[]> {
  const rows = await monitorEventsSince(s.store.db, s.workspaceId, 'incidentAcks', '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
  return rows.map((r) => [r.subject, r.actor, r.at]);
}

describe('incident acknowledgement payloads', () => {
  let store: Store;
  let receiver: HttpReceiver;
  beforeAll(async () => {
    store = await openEngine('pglite');
    receiver = await startHttpReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await store.close();
  });

  it('PagerDuty V3: triggered stores the incident, acknowledged stores the acknowledgement, resolved ends the incident', async () => {
    const s = await newWorkspace(store);
    const triggered = await ingestWebhook(s, { event: 'incident', payload: fixture('pagerduty-v3-triggered.json') });
    expect(triggered).toMatchObject({ event: 'pagerduty', id: 'pagerduty:PFQZPSY', stored: { incidents: { inserted: 1, updated: 0, unchanged: 0 } } });
    expect(await storedIncident(s.store.db, s.workspaceId, 'pagerduty:PFQZPSY')).toEqual({
      id: 'pagerduty:PFQZPSY',
      project: 'pig208',
      title: 'Test Incident 3',
      severity: 'high',
      service: 'pig208',
      createdAt: '2021-06-04T13:35:29.781Z',
      resolvedAt: null,
      deploymentId: null,
    });
    // PQ1K5C8 was triggered before eos listened: the acknowledgement is kept, the incident (no start known) is not.
    const acked = await ingestWebhook(s, { event: 'incident', payload: fixture('pagerduty-v3-acknowledged.json') });
    expect(acked).toMatchObject({ event: 'pagerduty', id: 'pagerduty:PQ1K5C8', stored: { incidents: { inserted: 0, updated: 0, unchanged: 0 }, incidentAcks: { inserted: 1 } } });
    expect(await storedIncident(s.store.db, s.workspaceId, 'pagerduty:PQ1K5C8')).toBeUndefined();
    expect(await acks(s)).toEqual([['pagerduty:PQ1K5C8', 'PIG 208', '2021-06-04T13:55:30.394Z']]);
    // The same incident's resolution, on the stored one.
    const resolved = fixture('pagerduty-v3-resolved.json');
    const event = resolved.event as Record<string, unknown>;
    await ingestWebhook(s, { event: 'incident', payload: { event: { ...event, data: { ...(event.data as object), id: 'PFQZPSY' } } } });
    expect(await storedIncident(s.store.db, s.workspaceId, 'pagerduty:PFQZPSY')).toMatchObject({ createdAt: '2021-06-04T13:35:29.781Z', resolvedAt: '2021-06-04T13:16:53.816Z' });
  });

  it.skipIf(!HAVE_INCIDENT_SAMPLES)('PagerDuty REST export: the first acknowledgement of each incident comes from its log entries', async () => {
    const s = await newWorkspace(store);
    const text = readFileSync(`${INCIDENT_SAMPLES}/_raw_pagerduty_incidents.csv`, 'utf8');
    const report = await ingestIncidentsCsv(s, { file: '_raw_pagerduty_incidents.csv', text });
    expect(report.stored).toMatchObject({ incidents: { inserted: 3 }, incidentAcks: { inserted: 3 } });
    expect((await acks(s)).map((a) => (a as unknown[])[1])).toEqual(['Keon Amini', 'Keon Amini', 'Keon Amini']);
  });

  it('Opsgenie: Create stores the alert as an incident (priority 3 → P3), Acknowledge by its user, Close ends it', async () => {
    const s = await newWorkspace(store);
    expect(await ingestWebhook(s, { event: 'incident', payload: fixture('opsgenie-create.json') })).toMatchObject({
      event: 'opsgenie',
      id: 'opsgenie:ec03dad6-62c8-4c94-b38b-d88f398e900f',
    });
    expect(await storedIncident(s.store.db, s.workspaceId, 'opsgenie:ec03dad6-62c8-4c94-b38b-d88f398e900f')).toMatchObject({
      title: 'another alert',
      severity: 'P3',
      createdAt: '2017-08-14T11:25:56.288Z',
      resolvedAt: null,
    });
    await ingestWebhook(s, { event: 'incident', payload: fixture('opsgenie-acknowledge.json') });
    await ingestWebhook(s, { event: 'incident', payload: fixture('opsgenie-close.json') });
    const id = 'opsgenie:052652ac-5d1c-464a-812a-7dd18bbfba8c';
    expect(await acks(s)).toEqual([[id, 'fili@ifountain.com', '2015-01-05T10:03:44.764Z']]);
    expect(await storedIncident(s.store.db, s.workspaceId, id)).toMatchObject({
      title: 'test alert',
      createdAt: '2015-01-05T10:03:11.104Z',
      resolvedAt: '2015-01-05T10:06:14.669Z',
    });
  });

  it('incident.io: created in triage has no acknowledgement; the update that accepts it does, by its lead', async () => {
    const s = await newWorkspace(store);
    const created = await ingestWebhook(s, { event: 'incident', payload: fixture('incident-io-created.json') });
    expect(created).toMatchObject({ event: 'incident.io', id: 'incident.io:01FDAG4SAP5TYPT98WGR2N7W91', stored: { incidents: { inserted: 1 } } });
    expect(await storedIncident(s.store.db, s.workspaceId, 'incident.io:01FDAG4SAP5TYPT98WGR2N7W91')).toMatchObject({
      title: 'Our database is sad',
      severity: 'Critical',
      createdAt: '2021-08-17T13:28:57.801Z',
      resolvedAt: null,
    });
    expect(await acks(s)).toEqual([]);
    await ingestWebhook(s, { event: 'incident', payload: fixture('incident-io-accepted.json') });
    expect(await acks(s)).toEqual([['incident.io:01FDAG4SAP5TYPT98WGR2N7W91', 'lisa@incident.io', '2021-08-17T13:41:12.110Z']]);
  });

  it('p1-unacknowledged fires for a P1 PagerDuty incident 15 minutes on and resolves on its V3 acknowledgement', async () => {
    // The recorded incident with the priority PagerDuty sets on a P1 (priority.summary).
    let now = new Date('2021-06-04T13:51:00.000Z');
    const s = await newWorkspace(store, { pack: PACK, clock: () => now });
    await addChannel(s, { name: 'eng-alerts', webhook: receiver.url('/eng-alerts') });
    const p1 = (name: string) => {
      const payload = fixture(name);
      const event = payload.event as Record<string, unknown>;
      return { event: { ...event, data: { ...(event.data as object), id: 'PFQZPSY', priority: { id: 'P53ZZH5', type: 'priority_reference', summary: 'P1' } } } };
    };
    await ingestWebhook(s, { event: 'incident', payload: p1('pagerduty-v3-triggered.json') });
    // The rule stays quiet in a workspace that takes no acknowledgements: this one has taken PQ1K5C8's, as recorded.
    await ingestWebhook(s, { event: 'incident', payload: fixture('pagerduty-v3-acknowledged.json') });
    const pass = async () => {
      receiver.requests.length = 0;
      const report = await runAlertPass(s, { send });
      expect(report.errors).toEqual([]);
      return report.events.filter((e) => e.rule === 'p1-unacknowledged').map((e) => [e.event, e.subject, e.message]);
    };
    expect(await pass()).toEqual([['firing', 'pagerduty:PFQZPSY', 'pagerduty:PFQZPSY (P1) has waited 15 minutes for an acknowledgement (P1 response SLA: 15 minutes)']]);
    await ingestWebhook(s, { event: 'incident', payload: p1('pagerduty-v3-acknowledged.json') });
    now = new Date('2021-06-04T13:56:00.000Z');
    expect((await pass()).map((e) => e.slice(0, 2))).toEqual([['resolved', 'pagerduty:PFQZPSY']]);
  });

  it('a PagerDuty event about something other than an incident changes nothing, and says so', async () => {
    const s = await newWorkspace(store);
    const payload = { event: { id: 'x', event_type: 'service.updated', resource_type: 'service', occurred_at: '2021-06-04T13:00:00Z', data: { id: 'PA2P440' } } };
    expect(await ingestWebhook(s, { event: 'incident', payload })).toEqual({
      event: 'pagerduty',
      stored: null,
      ignored: 'a PagerDuty service.updated is not about an incident; it changes nothing',
    });
  });
});

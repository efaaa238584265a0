import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCodeowners } from '../src/integrations/codeowners/ingest-codeowners.ts';
import { ingestIncidentsCsv } from '../src/integrations/incidents/ingest-incidents-csv.ts';
import { loadCodeowners } from '../src/store/codeowners-settings.ts';
import { teamRows } from '../src/store/event-rows.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import type { Store } from '../src/store/store.ts';
import { storedIncident } from '../src/store/stored-delivery-events.ts';
import { failure } from './support/failure.ts';
import { HAVE_INCIDENT_SAMPLES as HAVE_INCIDENTS, INCIDENT_SAMPLES as INCIDENTS } from './support/incident-samples.ts';
import { newWorkspace } from './support/workspace.ts';

if (!HAVE_INCIDENTS) console.warn('[eos] ../shared/samples/incidents is absent: the PagerDuty/Opsgenie ingest tests were skipped');
const sample = (file: string) => ({ file, text: readFileSync(`${INCIDENTS}/${file}`, 'utf8') });

describe('incidents and ownership', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openPglite();
  });
  afterAll(async () => {
    await store.close();
  });

  it.skipIf(!HAVE_INCIDENTS)('PagerDuty: resolution from the resolve log entry (there is no resolved_at); open ones stay open', async () => {
    const s = await newWorkspace(store);
    const report = await ingestIncidentsCsv(s, sample('_raw_pagerduty_incidents.csv'));
    expect(report).toMatchObject({ source: 'pagerduty', incidents: 3, stored: { incidents: { inserted: 3, updated: 0, unchanged: 0 } } });
    expect(await storedIncident(s.store.db, s.workspaceId, 'pagerduty:Q1OHFWFP3GPXOG')).toEqual({
      id: 'pagerduty:Q1OHFWFP3GPXOG',
      project: 'DevService',
      title: 'Spamming logs',
      severity: 'low',
      service: 'DevService',
      createdAt: '2022-11-03T06:45:36.000Z',
      resolvedAt: '2022-11-03T06:51:44.000Z',
      deploymentId: null,
    });
    expect(await storedIncident(s.store.db, s.workspaceId, 'pagerduty:Q3CZAU7Q4008QD')).toMatchObject({ title: 'Slow startup', severity: 'high', resolvedAt: null });
    const again = await ingestIncidentsCsv(s, sample('_raw_pagerduty_incidents.csv'));
    expect(again.stored.incidents).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it.skipIf(!HAVE_INCIDENTS)('Opsgenie: priority as severity, impact start and end as the times', async () => {
    const s = await newWorkspace(store);
    const report = await ingestIncidentsCsv(s, { ...sample('_raw_opsgenie_incidents.csv'), project: 'api' });
    expect(report).toMatchObject({ source: 'opsgenie', incidents: 2 });
    expect(await storedIncident(s.store.db, s.workspaceId, 'opsgenie:3f84e009-7548-4e7d-832a-fa82c1ceb6b1')).toEqual({
      id: 'opsgenie:3f84e009-7548-4e7d-832a-fa82c1ceb6b1',
      project: 'api',
      title: 'Incident#2',
      severity: 'P5',
      service: '695bce3d-4621-4630-8ae1-24eb89c22d6e',
      createdAt: '2023-09-05T18:20:28.003Z',
      resolvedAt: '2023-09-05T18:21:21.490Z',
      deploymentId: null,
    });
    expect(await storedIncident(s.store.db, s.workspaceId, 'opsgenie:3a74524a-f492-4172-b3f5-6041c7cb404a')).toMatchObject({ severity: 'P3', resolvedAt: null });
  });

  it('a CSV row that is not an incident is reported by row, and nothing is stored', async () => {
    const s = await newWorkspace(store);
    const error = await failure(
      ingestIncidentsCsv(s, { file: 'x.csv', text: 'id,data\n1,"{""tinyId"":""1"",""id"":""a"",""createdAt"":""2026-01-01T00:00:00Z""}"\n2,not json\n3,"{""foo"":1}"\n' }),
    );
    expect(error.message).toBe('x.csv: 2 bad rows; nothing was ingested');
    expect(error.details.problems).toEqual([
      { row: 3, column: 'data', value: 'not json', reason: expect.stringMatching(/^is not JSON: /) },
      { row: 4, column: 'data', value: '{"foo":1}', reason: 'is neither a PagerDuty nor an Opsgenie incident' },
    ]);
    expect(await storedIncident(s.store.db, s.workspaceId, 'opsgenie:a')).toBeUndefined();
  });

  it("CODEOWNERS: the catch-all rule's teams own the repo's project; every team's patterns are kept", async () => {
    const s = await newWorkspace(store);
    const text = [
      '# Platform owns everything by default',
      '*                    @acme/platform',
      '/services/billing/   @acme/payments @alice',
      '*.tf                 @acme/infra-team',
      'docs/*               docs@acme.io',
      '/services/billing/legacy/',
    ].join('\n');
    const report = await ingestCodeowners(s, { file: '.github/CODEOWNERS', text, repo: 'acme/shop', project: 'shop', teamNames: { '@acme/infra-team': 'Infrastructure' } });
    expect(report).toEqual({
      repo: 'acme/shop',
      project: 'shop',
      rules: 5,
      owningTeams: ['platform'],
      teams: [
        { owner: '@acme/infra-team', team: 'Infrastructure', patterns: ['*.tf'] },
        { owner: '@acme/payments', team: 'payments', patterns: ['/services/billing/'] },
        { owner: '@acme/platform', team: 'platform', patterns: ['*'] },
      ],
    });
    expect((await teamRows(s.store.db, s.workspaceId)).map((t) => [t.team, t.projects])).toEqual([['platform', ['shop']]]);
    const kept = await loadCodeowners(s.store.db, s.workspaceId);
    expect(kept['acme/shop']?.rules.at(-1)).toEqual({ line: 6, pattern: '/services/billing/legacy/', owners: [] });
    // A second repo adds to the team's projects; the first repo's rules stay.
    await ingestCodeowners(s, { file: 'CODEOWNERS', text: '* @acme/platform\n', repo: 'acme/api' });
    expect((await teamRows(s.store.db, s.workspaceId)).map((t) => [t.team, t.projects])).toEqual([['platform', ['acme/api', 'shop']]]);
    expect(Object.keys(await loadCodeowners(s.store.db, s.workspaceId)).sort()).toEqual(['acme/api', 'acme/shop']);

    const bad = await failure(ingestCodeowners(s, { file: 'CODEOWNERS', text: '* @acme/platform\n!x @a\n', repo: 'acme/web' }));
    expect(bad.message).toBe("CODEOWNERS has 1 line GitHub would reject; nothing was stored:\n  CODEOWNERS:2: '!x': negated patterns (!) are not supported in CODEOWNERS");
  });
});

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeliveryMetrics } from '../src/app/compute-metrics.ts';
import { computeRecordFlow } from '../src/app/compute-record-flow.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { linkRecords } from '../src/app/records/link-records.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import { openSession, type Session } from '../src/app/session.ts';
import type { Store } from '../src/store/store.ts';
import { openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const NOW = new Date('2026-06-30T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe('flow metrics from engineering-os records', () => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine('pglite');
    // Written 10 days ago, read now.
    const then = await newWorkspace(store, { pack: PACK, clock: () => new Date(ago(10)) });
    s = await openSession({ store, workspaceId: then.workspaceId, actor: 'tester', clock: () => NOW });
    const item = async (session: Session, title: string, assignee: string, extra: [string, string][] = []) => {
      const key = (
        await createRecord(session, {
          database: 'work-items',
          set: [['Title', title], ['Type', 'Chore'], ['Assignee', assignee], ['Definition of Done', 'merged'], ['Milestone', 'M1'], ...extra],
        })
      ).record.key;
      await moveRecord(session, { ref: key, to: 'In Progress' });
      return key;
    };
    await item(then, 'stale one', 'ana');
    await item(s, 'fresh one', 'ana');
    await item(s, 'blocked 2.5 days', 'bo', [
      ['Blocked Since', ago(2.5)],
      ['Blocked By', 'platform'],
    ]);
    await item(s, 'blocked 4 days', 'bo', [['Blocked Since', ago(4)]]);
    await createRecord(s, {
      database: 'incidents',
      set: [
        ['Incident ID', 'INC-1'],
        ['Severity', 'SEV1'],
        ['Start', '2026-05-10T10:00:00Z'],
      ],
    });
    await createRecord(s, {
      database: 'incidents',
      set: [
        ['Incident ID', 'INC-2'],
        ['Severity', 'SEV2'],
        ['Start', '2026-06-02T10:00:00Z'],
      ],
    });
    await createRecord(s, {
      database: 'incidents',
      set: [
        ['Incident ID', 'INC-3'],
        ['Severity', 'SEV3'],
        ['Start', '2026-06-03T10:00:00Z'],
      ],
    });
    const retro = (title: string, resolved: string, held: string) =>
      createRecord(s, {
        database: 'retros',
        set: [
          ['Retro', title],
          ['Priority', 'P1'],
          ['Resolved At', resolved],
          ['Held At', held],
        ],
      });
    const onTime = (await retro('INC-1 retro', '2026-05-10T12:00:00Z', '2026-05-11T12:00:00Z')).record.key;
    await retro('INC-2 retro', '2026-06-02T12:00:00Z', '2026-06-05T12:00:00Z');
    const done = (
      await createRecord(s, {
        database: 'action-items',
        set: [
          ['Action', 'add alert'],
          ['Owner', 'ana'],
          ['Due Date', '2026-06-10'],
          ['Evidence', 'https://example.com/pr/1'],
        ],
      })
    ).record.key;
    await moveRecord(s, { ref: done, to: 'Done' });
    const open = (await createRecord(s, { database: 'action-items', set: [['Action', 'write runbook']] })).record.key;
    await linkRecords(s, { ref: onTime, field: 'Action Items', targets: [done, open] }, 'link');
  });
  afterAll(async () => {
    await store.close();
  });

  it("a team's projects include the services it owns in the Services database", async () => {
    await createRecord(s, { database: 'teams', set: [['Team', 'Payments']] });
    await createRecord(s, {
      database: 'services',
      set: [
        ['Service', 'checkout-api'],
        ['Owning Team', 'Payments'],
      ],
    });
    const m = await computeDeliveryMetrics(s, { from: '2026-06-01', to: '2026-06-30', team: 'Payments' });
    expect(m.projects).toEqual(['checkout-api']);
    expect(m.warnings).toEqual(["no event names project 'checkout-api'; known projects: (none yet)"]);
    const error = await failure(computeDeliveryMetrics(s, { team: 'Nobody' }));
    expect(error.code).toBe('not_found');
  });

  it('reports WIP per person, stale and blocked items on the escalation ladder, P1/P2 per month, retros within 48h and action items done', async () => {
    const flow = await computeRecordFlow(s, { from: '2026-04-01', to: '2026-06-30' });
    expect(flow).toEqual({
      workInProgress: [
        { person: 'ana', items: 2, keys: ['WORK-0001', 'WORK-0002'] },
        { person: 'bo', items: 2, keys: ['WORK-0003', 'WORK-0004'] },
      ],
      staleInProgress: [{ key: 'WORK-0001', title: 'stale one', assignee: 'ana', daysSinceUpdate: 10 }],
      blocked: [
        { key: 'WORK-0004', title: 'blocked 4 days', blockedBy: null, ageDays: 4, escalation: 'escalate to the VP Eng' },
        { key: 'WORK-0003', title: 'blocked 2.5 days', blockedBy: 'platform', ageDays: 2.5, escalation: 'escalate to both team leads' },
      ],
      p1p2IncidentsPerMonth: [
        { month: '2026-05', incidents: 1 },
        { month: '2026-06', incidents: 1 },
      ],
      retrosWithin48h: { due: 2, within48h: 1, rate: 0.5 },
      retroActionItems: { total: 2, completed: 1, dropped: 0, rate: 0.5 },
    });
  });
});

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addChannel } from '../src/app/alerts/alert-channels.ts';
import { runAlertPass } from '../src/app/alerts/run-alert-pass.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import type { Store } from '../src/store/store.ts';
import { type HttpReceiver, startHttpReceiver } from './support/alert-receivers.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

// Issue 12, point 2: WIP limits per team from the Teams database's WIP Limit (per engineer):
// the work-item gate reads the item's team's limit, and an alert fires for a team over its own.

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const T0 = new Date('2026-06-03T12:00:00.000Z');
const send = createAlertSender({ env: {}, timeoutMs: 2000 });

describe.each(ENGINES)('WIP limits per team on %s', (engine) => {
  let store: Store;
  let receiver: HttpReceiver;
  let s: Session;

  beforeAll(async () => {
    store = await openEngine(engine);
    receiver = await startHttpReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await store.close();
  });
  beforeEach(async () => {
    s = await newWorkspace(store, { pack: PACK, clock: () => T0 });
    await addChannel(s, { name: 'eng-alerts', webhook: receiver.url('/eng-alerts') });
    const team = (name: string, limit: string, size: string) =>
      createRecord(s, {
        database: 'teams',
        set: [
          ['Team', name],
          ['WIP Limit', limit],
          ['Size (est.)', size],
          ['Team Lead', `lead-of-${name.at(-1)?.toLowerCase()}@example.com`],
        ],
      });
    await team('Feature Team A', '2', '2');
    await team('Feature Team B', '4', '8');
  });

  /** A chore ready to start, of a team (or none), assigned to `who`. */
  const item = async (title: string, who: string, team?: string) =>
    (
      await createRecord(s, {
        database: 'work-items',
        set: [['Title', title], ['Type', 'Chore'], ['Assignee', who], ['Definition of Done', 'merged'], ['Milestone', 'M1'], ...(team ? ([['Team', team]] as const) : [])],
      })
    ).record.key;
  const start = (key: string) => moveRecord(s, { ref: key, to: 'In Progress' });

  it("refuses a third item In Progress for an engineer of a team whose limit is 2, and allows a team's 4 and the default 3 with no team", async () => {
    await start(await item('a1', 'ana', 'Feature Team A'));
    await start(await item('a2', 'ana', 'Feature Team A'));
    const third = await item('a3', 'ana', 'Feature Team A');
    const refused = await failure(start(third));
    expect(refused.code).toBe('gate_blocked');
    expect(refused.details.unmet).toEqual([
      {
        gate: 'wip',
        criterion: 'wip-limit',
        message: "Nobody may have more work items In Progress than their team's WIP limit (Teams: WIP Limit per engineer; 3 when unset); finish one first",
      },
    ]);
    // Team B's limit is 4: ben's fourth starts, his fifth does not.
    for (const n of [1, 2, 3, 4]) expect((await start(await item(`b${n}`, 'ben', 'Feature Team B'))).record.status).toBe('In Progress');
    expect((await failure(start(await item('b5', 'ben', 'Feature Team B')))).code).toBe('gate_blocked');
    // No team: seed 000's three.
    for (const n of [1, 2, 3]) await start(await item(`c${n}`, 'cy'));
    expect((await failure(start(await item('c4', 'cy')))).code).toBe('gate_blocked');
    // Raising Team A's limit lets ana's third start.
    await updateRecord(s, { ref: 'Feature Team A', set: [['WIP Limit', '3']] });
    expect((await start(third)).record.status).toBe('In Progress');
  });

  it('team-wip fires for a team over its WIP limit times its size, to its lead, and resolves when one item stops', async () => {
    // Team A: 2 per engineer × 2 engineers = 4.
    const keys = [
      await item('a1', 'ana', 'Feature Team A'),
      await item('a2', 'ana', 'Feature Team A'),
      await item('d1', 'dee', 'Feature Team A'),
      await item('d2', 'dee', 'Feature Team A'),
    ];
    for (const k of keys) await start(k);
    const pass = async () => {
      receiver.requests.length = 0;
      const report = await runAlertPass(s, { send });
      expect(report.errors).toEqual([]);
      return receiver.requests.flatMap((r) => {
        const json = r.json as { event: string; rule: { id: string }; subject: { id: string }; message: string; details: { people?: string[] } };
        return json.rule.id === 'team-wip' ? [[json.event, json.subject.id, json.message, json.details.people ?? null]] : [];
      });
    };
    expect(await pass()).toEqual([]);
    await start(await item('e1', 'eve', 'Feature Team A'));
    const message = 'Feature Team A has more work items In Progress than its WIP limit (2 per engineer × 2 engineers): finish work before starting more';
    expect(await pass()).toEqual([['firing', 'Feature Team A', message, ['lead-of-a@example.com']]]);
    await moveRecord(s, { ref: keys[0] as string, to: 'Backlog' });
    expect(await pass()).toEqual([['resolved', 'Feature Team A', message, ['lead-of-a@example.com']]]);
  });
});

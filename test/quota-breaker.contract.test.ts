import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChannel } from '../src/app/alerts/alert-channels.ts';
import { runAlertPass } from '../src/app/alerts/run-alert-pass.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import type { Store } from '../src/store/store.ts';
import { type HttpReceiver, startHttpReceiver } from './support/alert-receivers.ts';
import { productionDeployment } from './support/deployments.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const NOW = new Date('2026-06-01T12:00:00.000Z');
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const send = createAlertSender({ env: {}, timeoutMs: 2000 });

describe.each(ENGINES)("flag('quota-breaker') on %s", (engine) => {
  let store: Store;
  let receiver: HttpReceiver;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    receiver = await startHttpReceiver();
    s = await newWorkspace(store, { pack: PACK, clock: () => NOW });
    await addChannel(s, { name: 'ops-alerts', webhook: receiver.url('/ops') });
    // Healthy delivery, so the change-failure-rate guardrail on the same move passes.
    await ingestEvents(s, { deployments: [1, 2, 3, 4, 5].map((n) => productionDeployment(n, ago((12 - n) * 24 * HOUR))) });
  });
  afterAll(async () => {
    await receiver.close();
    await store.close();
  });

  const workItem = async (title: string, type: string) =>
    (
      await createRecord(s, {
        database: 'work-items',
        set: [
          ['Title', title],
          ['Type', type],
          ['Assignee', 'ana'],
          ['Definition of Done', 'merged'],
          ['Milestone', 'M1'],
        ],
      })
    ).record.key;

  it('refuses feature work while the quota-breaker alert fires, lets other work through, and lets feature work through once it resolves', async () => {
    await ingestEvents(s, { quota: [{ id: 'q1', account: 'claude', used: 900, limit: 1000, at: ago(HOUR) }] });
    expect((await runAlertPass(s, { send })).events.map((e) => [e.event, e.rule])).toEqual([['firing', 'quota-breaker']]);
    expect(receiver.requests.map((r) => [r.path, r.json.event])).toEqual([['/ops', 'firing']]);

    const feature = await workItem('New dashboard', 'Feature');
    const error = await failure(moveRecord(s, { ref: feature, to: 'In Progress' }));
    expect(error.code).toBe('gate_blocked');
    expect(error.details.unmet).toEqual([
      {
        gate: 'quota-breaker',
        criterion: 'quota-breaker-off',
        message: 'The quota circuit breaker is on (85% of the quota used, alert quota-breaker): no new feature work until it resolves (seed 003)',
      },
    ]);
    const chore = await workItem('Rotate keys', 'Chore');
    expect((await moveRecord(s, { ref: chore, to: 'In Progress' })).record.status).toBe('In Progress');

    await ingestEvents(s, { quota: [{ id: 'q2', account: 'claude', used: 400, limit: 1000, at: ago(HOUR / 2) }] });
    expect((await runAlertPass(s, { send })).events.map((e) => [e.event, e.rule])).toEqual([['resolved', 'quota-breaker']]);
    expect((await moveRecord(s, { ref: feature, to: 'In Progress' })).record.status).toBe('In Progress');
  });
});

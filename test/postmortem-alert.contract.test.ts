import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addChannel } from '../src/app/alerts/alert-channels.ts';
import { runAlertPass } from '../src/app/alerts/run-alert-pass.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { updateRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import type { Store } from '../src/store/store.ts';
import { type HttpReceiver, startHttpReceiver } from './support/alert-receivers.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const NOW = new Date('2026-06-03T12:00:00.000Z');
const MINUTE = 60_000;
const send = createAlertSender({ env: {}, timeoutMs: 2000 });

describe.each(ENGINES)('postmortem-required on %s', (engine) => {
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
    receiver.requests.length = 0;
    s = await newWorkspace(store, { pack: PACK, clock: () => NOW });
    await addChannel(s, { name: 'eng-alerts', webhook: receiver.url('/eng') });
  });

  /** An incident that ended an hour ago after `minutes`, worked by `responders` (unset when null). */
  const incident = async (id: string, minutes: number, responders: number | null) =>
    (
      await createRecord(s, {
        database: 'incidents',
        set: [
          ['Incident ID', id],
          ['Severity', 'SEV3'],
          ['Start', new Date(NOW.getTime() - 60 * MINUTE - minutes * MINUTE).toISOString()],
          ['End', new Date(NOW.getTime() - 60 * MINUTE).toISOString()],
          ...(responders === null ? [] : ([['Responders', String(responders)]] as [string, string][])),
        ],
      })
    ).record.key;

  it('fires when duration × responders passes 4 hours (or the duration alone, with no responders), not at 4 hours, and resolves once a postmortem is linked', async () => {
    const twoPeople = await incident('INC-1', 121, 2);
    await incident('INC-2', 120, 2);
    const long = await incident('INC-3', 241, null);
    await incident('INC-4', 240, null);
    const report = await runAlertPass(s, { send });
    expect(report.errors).toEqual([]);
    expect(report.events.filter((e) => e.rule === 'postmortem-required').map((e) => [e.event, e.subject])).toEqual([
      ['firing', twoPeople],
      ['firing', long],
    ]);
    expect(receiver.requests.filter((r) => (r.json.rule as { id: string }).id === 'postmortem-required')).toHaveLength(2);

    const pm = await createRecord(s, { database: 'postmortems', set: [] });
    await updateRecord(s, { ref: twoPeople, set: [['Postmortem', pm.record.key]] });
    const after = await runAlertPass(s, { send });
    expect(after.events.filter((e) => e.rule === 'postmortem-required').map((e) => [e.event, e.subject])).toEqual([['resolved', twoPeople]]);
  });
});

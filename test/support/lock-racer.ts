// One contender in the lock race (test/support/lock-race.ts): on each message it releases the
// lock it won last time, waits for the agreed instant, then tries to take the trial's lock once.

import { acquireDataLock, type DataLock } from '../../src/store/data-lock.ts';

interface Go {
  readonly trial: number;
  readonly path: string;
  readonly at: number;
}

let held: DataLock | undefined;
process.on('message', async (go: Go | 'stop') => {
  held?.release();
  held = undefined;
  if (go === 'stop') {
    process.disconnect();
    return;
  }
  while (Date.now() < go.at) {
    // Spin, so all four start within a fraction of a millisecond.
  }
  try {
    held = await acquireDataLock(go.path, { command: 'eos lock-racer (test)', waitMs: 0 });
    process.send?.({ trial: go.trial, won: true });
  } catch (error) {
    process.send?.({ trial: go.trial, won: false, code: (error as { code?: string }).code });
  }
});
process.send?.('ready');

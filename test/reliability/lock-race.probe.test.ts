import { describe, expect, it } from 'vitest';
import { raceForStaleLocks } from '../support/lock-race.ts';

describe('the embedded store lock under a takeover race (issue 11, point 2)', () => {
  it('4 processes × 1,000 stale locks: exactly one holder every time', { timeout: 600_000 }, async () => {
    const result = await raceForStaleLocks(4, 1000);
    expect(result).toEqual({ trials: 1000, doubleHolders: 0, noHolder: 0, loserCodes: new Set(['locked']) });
  });
});

import { describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE, loginRetryAfterMs } from './login-throttle.ts';

describe('loginRetryAfterMs', () => {
  const five = [1000, 1001, 1002, 1003, 1004];

  it('lets 5 failures in 15 minutes through, refuses the 6th attempt, and says for how long', () => {
    expect(loginRetryAfterMs(LOGIN_THROTTLE, [five.slice(0, 4)], 2000)).toBe(0);
    expect(loginRetryAfterMs(LOGIN_THROTTLE, [five], 2000)).toBe(15 * 60_000 - 1000);
  });

  it('waits for the longest of the keys: one key over the limit is enough', () => {
    expect(loginRetryAfterMs(LOGIN_THROTTLE, [[], five], 2000)).toBe(15 * 60_000 - 1000);
    expect(loginRetryAfterMs(LOGIN_THROTTLE, [five, [1500, 1500, 1500, 1500, 1500]], 2000)).toBe(15 * 60_000 - 500);
    expect(loginRetryAfterMs(LOGIN_THROTTLE, [[], five.slice(1)], 2000)).toBe(0);
  });

  it('forgets failures older than the window, and counts from the oldest of the last maxFailures', () => {
    const throttle = { maxFailures: 2, windowMs: 100 };
    expect(loginRetryAfterMs(throttle, [[0, 50]], 60)).toBe(40);
    expect(loginRetryAfterMs(throttle, [[0, 50]], 100)).toBe(0);
    expect(loginRetryAfterMs(throttle, [[70, 0, 50]], 80)).toBe(70);
  });
});

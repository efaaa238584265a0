import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

describe('LoginThrottle', () => {
  const keys = ['user:ana', 'ip:10.0.0.1'];

  it('refuses the 6th attempt after 5 failures in 15 minutes, and says for how long', () => {
    const t = new LoginThrottle({ maxFailures: 5, windowMs: 15 * 60_000 });
    for (let i = 0; i < 5; i++) {
      expect(t.retryAfterMs(keys, 1000 + i)).toBe(0);
      t.fail(keys, 1000 + i);
    }
    expect(t.retryAfterMs(keys, 2000)).toBe(15 * 60_000 - 1000);
    expect(t.retryAfterMs(['user:bob', 'ip:10.0.0.1'], 2000)).toBe(15 * 60_000 - 1000);
    expect(t.retryAfterMs(['user:ana', 'ip:10.0.0.2'], 2000)).toBe(15 * 60_000 - 1000);
    expect(t.retryAfterMs(['user:bob', 'ip:10.0.0.2'], 2000)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const t = new LoginThrottle({ maxFailures: 2, windowMs: 100 });
    t.fail(keys, 0);
    t.fail(keys, 50);
    expect(t.retryAfterMs(keys, 60)).toBe(40);
    expect(t.retryAfterMs(keys, 100)).toBe(0);
  });

  it('clears a username on success but not the IP', () => {
    const t = new LoginThrottle({ maxFailures: 1, windowMs: 100 });
    t.fail(keys, 0);
    t.clear('user:ana');
    expect(t.retryAfterMs(['user:ana'], 1)).toBe(0);
    expect(t.retryAfterMs(['ip:10.0.0.1'], 1)).toBe(99);
  });

  it('keeps at most maxKeys keys', () => {
    const t = new LoginThrottle({ maxFailures: 1, windowMs: 100, maxKeys: 2 });
    t.fail(['a'], 0);
    t.fail(['b'], 0);
    t.fail(['c'], 0);
    expect(t.retryAfterMs(['a'], 1)).toBe(0);
    expect(t.retryAfterMs(['c'], 1)).toBe(99);
  });
});

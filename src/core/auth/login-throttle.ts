/** How many failed logins a key (a username, an address) may have in a sliding window. */
export interface LoginThrottle {
  /** Failed attempts allowed per key within the window; the next one is refused. */
  readonly maxFailures: number;
  readonly windowMs: number;
}

/** 5 failures per username and per address in 15 minutes (ADR 010). */
export const LOGIN_THROTTLE: LoginThrottle = { maxFailures: 5, windowMs: 15 * 60_000 };

/**
 * How long until a login may be tried again, given the failure times (epoch ms) of each key it
 * counts against; 0 when it may be tried now. A key waits once it has `maxFailures` failures
 * inside the window, until the oldest of those leaves it. Pure: the caller reads the failures
 * (from the `login_failures` table) and passes the time.
 *
 * @example
 * // 5 failures at 1s..5s: the 6th attempt at 60s waits until the first leaves the 15-minute window
 * loginRetryAfterMs(LOGIN_THROTTLE, [[1000, 2000, 3000, 4000, 5000]], 60_000) // 841_000
 */
export function loginRetryAfterMs(throttle: LoginThrottle, failures: readonly (readonly number[])[], now: number): number {
  let wait = 0;
  for (const times of failures) {
    const recent = times.filter((t) => t > now - throttle.windowMs).sort((a, b) => a - b);
    if (recent.length < throttle.maxFailures) continue;
    const oldest = recent[recent.length - throttle.maxFailures] ?? now;
    wait = Math.max(wait, oldest + throttle.windowMs - now);
  }
  return wait;
}

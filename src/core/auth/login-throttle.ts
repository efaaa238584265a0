export interface LoginThrottleOptions {
  /** Failed attempts allowed per key within the window; the next one is refused. */
  readonly maxFailures?: number;
  readonly windowMs?: number;
  /** Keys remembered at most; the oldest are forgotten first, so memory stays bounded. */
  readonly maxKeys?: number;
}

/**
 * Counts failed logins per key (a username, an IP) in a sliding window. Pure: the caller
 * passes the time, so it is tested without waiting.
 *
 * @example
 * const t = new LoginThrottle({ maxFailures: 5, windowMs: 900_000 });
 * t.retryAfterMs(['user:ana', 'ip:10.0.0.1'], Date.now()) // 0 while fewer than 5 failures
 */
export class LoginThrottle {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly #maxKeys: number;
  readonly #failures = new Map<string, number[]>();

  constructor(options: LoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.#maxKeys = options.maxKeys ?? 10_000;
  }

  #recent(key: string, now: number): number[] {
    const kept = (this.#failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (kept.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, kept);
    return kept;
  }

  /** How long until any of these keys may try again; 0 when all of them may now. */
  retryAfterMs(keys: readonly string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.#recent(key, now);
      if (recent.length < this.maxFailures) continue;
      const oldest = recent[recent.length - this.maxFailures] ?? now;
      wait = Math.max(wait, oldest + this.windowMs - now);
    }
    return wait;
  }

  fail(keys: readonly string[], now: number): void {
    for (const key of keys) {
      const recent = this.#recent(key, now);
      this.#failures.delete(key);
      this.#failures.set(key, [...recent, now]);
    }
    while (this.#failures.size > this.#maxKeys) {
      const first = this.#failures.keys().next();
      if (first.done) break;
      this.#failures.delete(first.value);
    }
  }

  /** A successful login clears that key's failures (not the IP's: one valid account must not reset it). */
  clear(key: string): void {
    this.#failures.delete(key);
  }
}

import { pingStore } from '../store/ping-store.ts';
import type { Store } from '../store/store.ts';

/** What the last look at the store found: `ok` with its round trip, or the error; `checkedAt` null before the first. */
export interface StoreHealthState {
  readonly ok: boolean;
  readonly checkedAt: string | null;
  readonly millis: number | null;
  readonly error: string | null;
}

export interface StoreHealth {
  /** What the store last answered, without touching it (GET /healthz): an error, not a slow answer, makes it not ok. */
  current(): StoreHealthState;
  /** Asks the store now, waiting at most `timeoutMs` (GET /readyz); never more than one question in flight. */
  check(timeoutMs?: number): Promise<StoreHealthState>;
  stop(): void;
}

export interface StoreHealthOptions {
  /** How often the store is asked in the background (default 5 s). */
  readonly intervalMs?: number;
  /** How long a check waits for the store before calling it unready (default 1 s). */
  readonly timeoutMs?: number;
}

/**
 * Watches whether the store answers, so liveness never queues behind the store: on PGlite a long
 * import holds the one connection, and a `select 1` per /healthz would wait for all of it (issue 11).
 * A check that is still waiting is shared, not repeated, so a slow store is not sent a pile of pings.
 */
export function watchStoreHealth(store: Store, options: StoreHealthOptions = {}): StoreHealth {
  const defaultTimeout = options.timeoutMs ?? 1000;
  let state: StoreHealthState = { ok: true, checkedAt: null, millis: null, error: null };
  let inflight: Promise<StoreHealthState> | undefined;
  let stopped = false;

  function ping(): Promise<StoreHealthState> {
    if (inflight) return inflight;
    const started = performance.now();
    inflight = pingStore(store.db).then(
      () => ({ ok: true, checkedAt: new Date().toISOString(), millis: Math.round(performance.now() - started), error: null }),
      (error: Error) => ({ ok: false, checkedAt: new Date().toISOString(), millis: null, error: error.message }),
    );
    inflight = inflight.then((found) => {
      state = found;
      inflight = undefined;
      return found;
    });
    return inflight;
  }

  async function check(timeoutMs = defaultTimeout): Promise<StoreHealthState> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<StoreHealthState>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, checkedAt: new Date().toISOString(), millis: null, error: `the store did not answer within ${timeoutMs} ms` }), timeoutMs);
    });
    try {
      // A timeout leaves the last known state alone: a store busy with a long import is not down,
      // and liveness must not fail (and an orchestrator restart the server) for it.
      return await Promise.race([ping(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  const interval = setInterval(() => {
    if (!stopped) void check();
  }, options.intervalMs ?? 5000);
  interval.unref();
  return {
    current: () => state,
    check,
    stop() {
      stopped = true;
      clearInterval(interval);
    },
  };
}

import pg from 'pg';

/** Called as a statement is sent; returns what to run when it completes, if anything. */
export type PgQueryObserver = (text: string, params: readonly unknown[]) => (() => void) | undefined;

const observers: PgQueryObserver[] = [];
let patched = false;

/**
 * Watches every statement node-postgres sends (pool or transaction client). The prototype is
 * patched once; each observer sees each statement and may time it.
 */
export function observePgQueries(observer: PgQueryObserver): void {
  observers.push(observer);
  if (patched) return;
  patched = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function observed(this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; values?: unknown[]; submit?: unknown } | null;
    // Submittables (cursors, COPY streams) report completion their own way.
    if (typeof first === 'object' && first !== null && typeof first.submit === 'function') return original.apply(this, args);
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const params = (Array.isArray(args[1]) ? args[1] : typeof first === 'object' ? (first?.values ?? []) : []) as unknown[];
    const finishers = observers.map((o) => o(text, params)).filter((f): f is () => void => f !== undefined);
    const done = () => {
      for (const f of finishers) f();
    };
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...cb: unknown[]) => {
        done();
        return (last as (...a: unknown[]) => unknown)(...cb);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<unknown> | undefined;
    if (result && typeof result.then === 'function') result.then(done, done);
    return result;
  };
}

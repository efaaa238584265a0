import type { AuditTrust, WitnessedHead } from '../core/audit/audit-trust.ts';

export interface HttpWitnessOptions {
  /** Where each committed head is POSTed (EOS_AUDIT_WITNESS_URL). */
  readonly url: string;
  /** Attempts per head before it counts as failed (default 4: at once, then after 0.5, 1 and 2 s). */
  readonly attempts?: number;
  readonly backoffMs?: number;
  readonly timeoutMs?: number;
  /** Told when a head could not be delivered after every attempt (the server logs it as an error). */
  readonly onFailure?: (failure: { readonly workspace: string; readonly seq: number; readonly error: string }) => void;
}

export interface HttpWitness {
  readonly trust: AuditTrust;
  /** Resolves once every head handed over so far was delivered or given up on. */
  flush(): Promise<void>;
}

/**
 * A second witness outside the database (issue 11): after every commit the signed head
 * `{workspace, seq, hash, keyId, signature}` is POSTed as JSON to an endpoint the database's
 * administrators don't control. Heads go one at a time, in order, off the write's path (a slow
 * endpoint never holds a write), each retried with backoff; one not delivered is reported through
 * `onFailure`. The file witness stays the one `eos audit verify` reads.
 */
export function withHttpWitness(inner: AuditTrust, options: HttpWitnessOptions): HttpWitness {
  const attempts = options.attempts ?? 4;
  const backoff = options.backoffMs ?? 500;
  let queue: Promise<void> = Promise.resolve();

  async function deliver(workspace: string, head: WitnessedHead): Promise<void> {
    const body = JSON.stringify({ workspace, seq: head.seq, hash: head.hash, keyId: head.keyId, signature: head.signature });
    let error = '';
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoff * 2 ** (attempt - 1)));
      try {
        const res = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        await res.arrayBuffer();
        if (res.ok) return;
        error = `${options.url} answered ${res.status}`;
      } catch (cause) {
        error = `${options.url}: ${(cause as Error).message}`;
      }
    }
    options.onFailure?.({ workspace, seq: head.seq, error: `the head ${head.seq} was not witnessed after ${attempts} attempts: ${error}` });
  }

  const trust: AuditTrust = {
    ...inner,
    witnessHead(workspace, head) {
      inner.witnessHead(workspace, head);
      queue = queue.then(() => deliver(workspace, head));
    },
  };
  return { trust, flush: () => queue };
}

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SIGNATURE_PREFIX, type SignatureBatchCheck, type SignatureItem } from '../core/audit/audit-signature.ts';

const WORKER = new URL('./verify-signatures.worker.mjs', import.meta.url);

export interface SignaturePool {
  readonly check: SignatureBatchCheck;
  close(): Promise<void>;
}

/**
 * Worker threads that check audit signatures in parallel: an Ed25519 check costs about 60 µs,
 * so 100k entries are 6 s on one core. Workers start on the first batch (a small trail never
 * pays for them), one per core up to `max`; batches go round-robin.
 *
 * @example const pool = signaturePool(); new TrailCheck({ …, checkSignatures: pool.check }); … await pool.close();
 */
export function signaturePool(max = 4): SignaturePool {
  const workers: Worker[] = [];
  const waiting = new Map<number, { resolve: (bad: SignatureItem | undefined) => void; reject: (error: Error) => void }>();
  let next = 0;
  const start = () => {
    for (let i = 0; i < Math.max(1, Math.min(max, availableParallelism())); i++) {
      const worker = new Worker(WORKER, { workerData: { prefix: SIGNATURE_PREFIX } });
      worker.on('message', ({ id, bad }: { id: number; bad: SignatureItem | undefined }) => {
        waiting.get(id)?.resolve(bad);
        waiting.delete(id);
      });
      worker.on('error', (error) => {
        for (const w of waiting.values()) w.reject(error);
        waiting.clear();
      });
      workers.push(worker);
    }
  };
  return {
    check(items) {
      if (workers.length === 0) start();
      const id = next++;
      const worker = workers[id % workers.length] as Worker;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, items });
      });
    },
    async close() {
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
    },
  };
}

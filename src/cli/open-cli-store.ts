import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { acquireDataLock, type DataLock, describeHolder, type LockHolder, liveHolder, removeDataLock } from '../store/data-lock.ts';
import { fileAuditTrust } from '../store/file-audit-trust.ts';
import { withHttpWitness } from '../store/http-witness.ts';
import { openPglite } from '../store/open-pglite.ts';
import { openPostgres } from '../store/open-postgres.ts';
import type { Store } from '../store/store.ts';
import type { Config } from './config.ts';

// The one place src/cli/ reaches into src/store/ for more than types (biome.json's store-imports
// plugin): opening a store, and its data-folder lock.

export type { LockHolder };

/** The live process holding the embedded store under `home`, if any (e.g. `eos serve`, with its port). */
export function storeHolder(home: string): LockHolder | undefined {
  return liveHolder(join(home, 'data.lock'));
}

export interface CliStore {
  readonly store: Store;
  /** The embedded store's lock (none with DATABASE_URL). */
  readonly lock?: DataLock;
  close(): Promise<void>;
}

/**
 * Opens the store a command works on: PostgreSQL when DATABASE_URL is set, else the embedded
 * PGlite folder under $EOS_HOME, after taking its lock so no second process can lose writes.
 * `port` is where a server listens, recorded in the lock.
 */
export async function openCliStore(config: Config, command: string, log: (line: string) => void, options: { port?: number } = {}): Promise<CliStore> {
  const files = fileAuditTrust({ home: config.home, keyFile: config.audit.keyFile, witnessFile: config.audit.witnessFile });
  const http = config.audit.witnessUrl
    ? withHttpWitness(files, {
        url: config.audit.witnessUrl,
        onFailure: (f) => log(`error: the audit witness at ${config.audit.witnessUrl} missed workspace '${f.workspace}': ${f.error}`),
      })
    : undefined;
  const trust = http?.trust ?? files;
  // Heads still on their way to the HTTP witness are delivered before the process lets go of the store.
  const delivered = async () => http?.flush();
  if (config.databaseUrl) {
    const store = await openPostgres(config.databaseUrl, { trust });
    return {
      store,
      close: async () => {
        await delivered();
        await store.close();
      },
    };
  }
  mkdirSync(config.home, { recursive: true });
  const lock: DataLock = await acquireDataLock(join(config.home, 'data.lock'), {
    command,
    // A server says where it listens, so a command that finds the lock can send it its request.
    ...(options.port ? { port: options.port } : {}),
    waitMs: config.lockWaitMs,
    onWait: (holder) => log(`waiting for ${describeHolder(holder)} to release ${config.home} …`),
  });
  try {
    const store = await openPglite(join(config.home, 'data'), { trust });
    return {
      store,
      lock,
      close: async () => {
        try {
          await delivered();
          await store.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** `eos unlock`: removes the embedded store's lock when no live local process holds it (ADR 052). */
export function unlockStore(home: string): ReturnType<typeof removeDataLock> {
  return removeDataLock(join(home, 'data.lock'));
}

export { describeHolder };

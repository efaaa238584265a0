import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { AuditTrust } from '../core/audit/audit-trust.ts';
import { temporaryAuditTrust } from './file-audit-trust.ts';
import { MIGRATIONS_FOLDER } from './migrations-folder.ts';
import { type Db, type Store, WRITES_CHANNEL } from './store.ts';

// Any constant works; it only has to be the same in every eos process.
const MIGRATION_LOCK = 7_305_001;

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * Opens PostgreSQL at `url` and applies pending migrations. Migrations run on one connection
 * under a session advisory lock, so several processes starting at once don't race.
 */
export async function openPostgres(url: string, options: { poolSize?: number; trust?: AuditTrust } = {}): Promise<Store> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  const listeners: pg.Client[] = [];
  const temporary = options.trust ? undefined : temporaryAuditTrust();
  return {
    db: drizzle(pool) as unknown as Db,
    engine: 'postgres',
    location: redact(url),
    trust: options.trust ?? (temporary as AuditTrust),
    onWrite: (listener, onGap) => listenForWrites(url, listener, onGap, listeners),
    close: async () => {
      await Promise.all(listeners.splice(0).map((c) => c.end().catch(() => undefined)));
      await pool.end();
      temporary?.dispose();
    },
  };
}

/**
 * One connection of its own LISTENs (a pooled one would be handed to queries). When it is lost,
 * `onGap(false)` is told at once and it reconnects every second until `onGap(true)`.
 */
async function listenForWrites(
  url: string,
  listener: (workspaceId: string) => void,
  onGap: ((live: boolean) => void) | undefined,
  open: pg.Client[],
): Promise<() => Promise<void>> {
  let stopped = false;
  let current: pg.Client | undefined;
  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (n) => {
      if (n.channel === WRITES_CHANNEL) listener(n.payload ?? '');
    });
    const lost = () => {
      if (stopped || current !== client) return;
      current = undefined;
      open.splice(open.indexOf(client), 1);
      client.end().catch(() => undefined);
      onGap?.(false);
      const retry = () => {
        if (!stopped)
          connect().then(
            () => onGap?.(true),
            () => setTimeout(retry, 1000).unref(),
          );
      };
      setTimeout(retry, 1000).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    await client.query(`LISTEN ${WRITES_CHANNEL}`);
    current = client;
    open.push(client);
  };
  await connect();
  return async () => {
    stopped = true;
    const client = current;
    current = undefined;
    if (client) {
      open.splice(open.indexOf(client), 1);
      await client.end().catch(() => undefined);
    }
  };
}

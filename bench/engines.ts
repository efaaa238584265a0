import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openPglite } from '../src/store/open-pglite.ts';
import { openPostgres } from '../src/store/open-postgres.ts';
import type { EngineKind, Store } from '../src/store/store.ts';
import { observePgQueries } from './pg-query-hook.ts';

function pgliteVersion(): string {
  const manifest = fileURLToPath(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url));
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** SQL statements sent and the time spent waiting for them, counted since the engine opened. */
export interface QueryStats {
  queries: number;
  dbMs: number;
}

/**
 * One engine under test: the eos store over it, plus raw access to the same connection(s)
 * for the hand-written SQL baselines and the bulk loader.
 */
export interface BenchEngine {
  readonly kind: EngineKind;
  readonly label: string;
  readonly version: string;
  readonly store: Store;
  readonly stats: QueryStats;
  /** Runs hand-written SQL through the driver itself, not through drizzle. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** COPY csv (with or without a header line) into table(columns). */
  copyCsv(table: string, columns: readonly string[], csv: string, header: boolean): Promise<void>;
  close(): Promise<void>;
}

function copySql(table: string, columns: readonly string[], source: string, header: boolean): string {
  return `COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM ${source} WITH (FORMAT csv, HEADER ${header})`;
}

/**
 * Counts every statement PGlite runs. Each one, in or out of a transaction, goes through
 * `_runExclusiveQuery`; PGlite runs in this thread, so the time inside is the engine's own.
 */
function instrumentPglite(client: PGlite, stats: QueryStats): void {
  const target = client as unknown as { _runExclusiveQuery: <T>(fn: () => Promise<T>) => Promise<T> };
  const original = target._runExclusiveQuery.bind(client);
  target._runExclusiveQuery = async <T>(fn: () => Promise<T>) => {
    const start = performance.now();
    try {
      return await original(fn);
    } finally {
      stats.queries++;
      stats.dbMs += performance.now() - start;
    }
  };
}

/** The stats the statement observer adds to; there is one PostgreSQL engine open at a time. */
let pgStats: QueryStats | undefined;
let pgObserved = false;

/** Counts every statement node-postgres sends (pool or transaction client) and the round trips' wall time. */
function instrumentPg(stats: QueryStats): void {
  pgStats = stats;
  if (pgObserved) return;
  pgObserved = true;
  observePgQueries(() => {
    const s = pgStats;
    if (!s) return undefined;
    const start = performance.now();
    return () => {
      s.queries++;
      s.dbMs += performance.now() - start;
    };
  });
}

/** eos on an embedded PGlite data dir in a new temporary folder, as `eos` would create it. */
export async function openPgliteEngine(): Promise<BenchEngine & { readonly dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'eos-bench-'));
  const store = await openPglite(join(dir, 'data'));
  const client = (store.db as unknown as { $client: PGlite }).$client;
  const stats: QueryStats = { queries: 0, dbMs: 0 };
  instrumentPglite(client, stats);
  const server = ((await client.query<{ v: string }>('select version() as v')).rows[0]?.v ?? '').split(' on ')[0]?.replace(/ \(PGlite.*$/, '') ?? '';
  const version = `${pgliteVersion()} (${server})`;
  return {
    kind: 'pglite',
    label: 'PGlite',
    version,
    dir,
    store,
    stats,
    query: async <T>(text: string, params: readonly unknown[] = []) => (await client.query<T>(text, [...params])).rows,
    copyCsv: async (table, columns, csv, header) => {
      await client.query(copySql(table, columns, `'/dev/blob'`, header), [], { blob: new Blob([csv]) });
    },
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** eos on PostgreSQL at `url`; the raw baselines use the same pool. */
export async function openPostgresEngine(url: string): Promise<BenchEngine> {
  const store = await openPostgres(url);
  const pool = (store.db as unknown as { $client: pg.Pool }).$client;
  const stats: QueryStats = { queries: 0, dbMs: 0 };
  instrumentPg(stats);
  const version = ((await pool.query<{ v: string }>('select version() as v')).rows[0]?.v ?? '').split(' on ')[0]?.replace(/^PostgreSQL /, '') ?? '';
  return {
    kind: 'postgres',
    label: 'PostgreSQL',
    version,
    store,
    stats,
    query: async <T>(text: string, params: readonly unknown[] = []) => (await pool.query(text, [...params])).rows as T[],
    copyCsv: async (table, columns, csv, header) => {
      const client = await pool.connect();
      try {
        await pipeline(Readable.from([csv]), client.query(copyFrom(copySql(table, columns, 'STDIN', header))));
      } finally {
        client.release();
      }
    },
    close: async () => {
      pgStats = undefined;
      await store.close();
    },
  };
}

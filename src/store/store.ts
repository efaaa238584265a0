import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { AuditTrust } from '../core/audit/audit-trust.ts';

/** The one database type app/ sees: drizzle over PGlite or over node-postgres, same SQL. */
// biome-ignore lint/suspicious/noExplicitAny: both drivers' query-result types differ; app code reads `.rows` only.
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>, any>;

export type EngineKind = 'pglite' | 'postgres';

/** An open store: a drizzle handle, which engine it is, and how to close it. */
export interface Store {
  readonly db: Db;
  readonly engine: EngineKind;
  /** Where the embedded data lives, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** The audit trail's key and witness, outside the database (ADR 050). */
  readonly trust: AuditTrust;
  /**
   * Calls `listener` with the workspace id after every committed write transaction, from this
   * process or any other on the same database (LISTEN/NOTIFY); resolves to a function that stops it.
   * `onGap(false)` says notifications may be missed from now on (the listening connection was
   * lost), `onGap(true)` that they flow again.
   */
  onWrite(listener: (workspaceId: string) => void, onGap?: (live: boolean) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The channel every write transaction notifies at commit (see lockWorkspace). */
export const WRITES_CHANNEL = 'eos_writes';

export type { WriteKind } from '../core/write-notice.ts';

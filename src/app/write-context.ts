import { assertCanWrite } from '../core/auth/role-policy.ts';
import type { EosRecord, StoredRecord } from '../core/records/eos-record.ts';
import { publicRecord } from '../core/records/eos-record.ts';
import { appendAudit, appendedHead } from '../store/audit-rows.ts';
import { lockWorkspace } from '../store/record-rows.ts';
import type { Db, WriteKind } from '../store/store.ts';
import { markCommittedInScope } from './idempotency.ts';
import { actorOf, type Session } from './session.ts';
import { witnessHead } from './witness-head.ts';

/** One write transaction: the transaction handle, the session, its clock reading and warnings. */
export interface WriteContext {
  readonly db: Db;
  readonly session: Session;
  readonly now: Date;
  readonly warnings: string[];
}

/**
 * Runs `fn` in one transaction that holds the workspace's write lock. Everything it writes,
 * records, links and audit entries, commits together or not at all. Every write of every path
 * comes through here, so this is where a viewer is refused (forbidden, naming the roles needed).
 */
export async function inWriteTransaction<T>(session: Session, what: string, fn: (w: WriteContext) => Promise<T>): Promise<T>;
/** The same, for a write that changes more than data (`kind` says what, for the servers' caches). */
export async function inWriteTransaction<T>(session: Session, what: string, kind: WriteKind, fn: (w: WriteContext) => Promise<T>): Promise<T>;
export async function inWriteTransaction<T>(
  session: Session,
  what: string,
  kindOrFn: WriteKind | ((w: WriteContext) => Promise<T>),
  maybeFn?: (w: WriteContext) => Promise<T>,
): Promise<T> {
  const kind = typeof kindOrFn === 'string' ? kindOrFn : 'data';
  const fn = (typeof kindOrFn === 'string' ? maybeFn : kindOrFn) as (w: WriteContext) => Promise<T>;
  assertCanWrite(actorOf(session), what);
  let handle: Db | undefined;
  const result = await session.store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    handle = db;
    await lockWorkspace(db, session.workspaceId, kind);
    const now = session.clock();
    // A request sent with an Idempotency-Key is marked done in the same commit as its write (ADR 053).
    await markCommittedInScope(db, now);
    return fn({ db, session, now, warnings: [] });
  });
  // The entry this transaction appended last is the head it committed: no need to read it back.
  const head = handle && appendedHead(handle);
  if (head) session.store.trust.witnessHead(session.workspaceId, head);
  else await witnessHead(session.store, session.workspaceId);
  return result;
}

export interface AuditOptions {
  readonly action: string;
  readonly before: StoredRecord | null;
  readonly after: StoredRecord | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

function snapshot(record: StoredRecord | null): EosRecord | null {
  return record ? publicRecord(record) : null;
}

/** Appends one audit entry for a record write, with the record before and after it. */
export async function auditRecord(w: WriteContext, options: AuditOptions): Promise<void> {
  const record = options.after ?? options.before;
  const after = options.details && options.after ? { ...snapshot(options.after), details: options.details } : snapshot(options.after);
  await appendAudit(w.db, w.session.store.trust, w.session.workspaceId, {
    at: w.now.toISOString(),
    actor: w.session.actor,
    action: options.action,
    recordId: record?.id ?? null,
    database: record?.database ?? null,
    recordKey: record?.key ?? null,
    before: snapshot(options.before),
    after,
  });
}

export interface ChangeAudit {
  readonly action: string;
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
}

/** Appends one audit entry for a write that is not a record's (settings, configuration), with what it was and is. */
export async function auditChange(w: WriteContext, change: ChangeAudit): Promise<void> {
  await appendAudit(w.db, w.session.store.trust, w.session.workspaceId, {
    at: w.now.toISOString(),
    actor: w.session.actor,
    action: change.action,
    recordId: null,
    database: null,
    recordKey: null,
    before: change.before,
    after: change.after,
  });
}

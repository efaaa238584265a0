import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { type AuditEntry, GENESIS_HASH, hashAuditEntry, type KeyEntryAfter, type SignedAuditEntry } from '../core/audit/audit-entry.ts';
import type { AuditSigner } from '../core/audit/audit-signature.ts';
import type { AuditTrust, WitnessedHead } from '../core/audit/audit-trust.ts';
import { BATCH_CREATE_ACTION } from '../core/audit/batch-entry.ts';
import { audit } from './schema.ts';
import type { Db } from './store.ts';
import { timeSlices } from './time-slices.ts';
import { iso } from './timestamps.ts';

type NewEntry = Omit<AuditEntry, 'seq'>;

function toEntry(row: typeof audit.$inferSelect): SignedAuditEntry {
  return {
    seq: row.seq,
    at: iso(row.at),
    actor: row.actor,
    action: row.action,
    recordId: row.recordId,
    database: row.database,
    recordKey: row.recordKey,
    before: row.before,
    after: row.after,
    prevHash: row.prevHash,
    hash: row.hash,
    signature: row.signature,
    keyId: row.keyId,
  };
}

export interface AppendOptions {
  /** The action of the entry that brings a new key in (default 'audit.key.add'; a rotation says 'audit.key.rotate'). */
  readonly keyAction?: string;
}

interface Head {
  readonly seq: number;
  readonly hash: string;
  readonly keyId: string | null;
}

async function headOf(db: Db, workspaceId: string): Promise<Head> {
  const [last] = await db.select({ seq: audit.seq, hash: audit.hash, keyId: audit.keyId }).from(audit).where(eq(audit.workspaceId, workspaceId)).orderBy(desc(audit.seq)).limit(1);
  return last ?? { seq: 0, hash: GENESIS_HASH, keyId: null };
}

/**
 * Chains and signs entries after `head`. When the signer is not the key that signed the last
 * entry (a new workspace, one written before signing, a rotation), an entry bringing the key in
 * comes first, signed by it.
 */
function chainAfter(head: Head, signer: AuditSigner, entries: readonly NewEntry[], options: AppendOptions, by?: Pick<NewEntry, 'at' | 'actor'>): SignedAuditEntry[] {
  const first = by ?? entries[0];
  if (!first) return [];
  const out: SignedAuditEntry[] = [];
  let seq = head.seq;
  let prevHash = head.hash;
  const push = (entry: NewEntry) => {
    seq++;
    const full: AuditEntry = { ...entry, seq };
    const hash = hashAuditEntry(prevHash, full);
    out.push({ ...full, prevHash, hash, signature: signer.sign(hash), keyId: signer.keyId });
    prevHash = hash;
  };
  if (head.keyId !== signer.keyId) {
    const after: KeyEntryAfter = {
      keyId: signer.keyId,
      publicKey: signer.publicKey,
      previousKeyId: head.keyId,
      unsignedEntries: head.keyId === null ? head.seq : 0,
    };
    push({ at: first.at, actor: first.actor, action: options.keyAction ?? 'audit.key.add', recordId: null, database: null, recordKey: null, before: null, after });
  }
  for (const entry of entries) push(entry);
  return out;
}

/**
 * Appends to the workspace's hash chain, signed with the workspace key. The caller's transaction
 * holds the workspace lock (lockWorkspace), so reading the head and appending can't interleave
 * with another writer. The witness learns the new head after commit (witnessHead).
 */
export async function appendAudit(db: Db, trust: AuditTrust, workspaceId: string, entry: NewEntry, options: AppendOptions = {}): Promise<SignedAuditEntry> {
  const chained = chainAfter(await headOf(db, workspaceId), trust.signer(workspaceId), [entry], options);
  await db.insert(audit).values(chained.map((e) => ({ workspaceId, ...e })));
  const last = chained.at(-1) as SignedAuditEntry;
  remember(db, last);
  return last;
}

/** The last entry each open transaction appended, so its commit can tell the witness without reading the head again. */
const appended = new WeakMap<Db, WitnessedHead>();

function remember(db: Db, entry: SignedAuditEntry | undefined): void {
  if (entry?.signature && entry.keyId) appended.set(db, { seq: entry.seq, hash: entry.hash, keyId: entry.keyId, signature: entry.signature });
}

/**
 * The last entry appended through this transaction handle (not through a savepoint inside it),
 * or undefined. After the commit it is the trail's head, or behind it if a savepoint appended later.
 */
export function appendedHead(db: Db): WitnessedHead | undefined {
  return nested.has(db) ? undefined : appended.get(db);
}

const nested = new WeakSet<Db>();

/** Says that savepoints inside this transaction may append too: its commit reads the head back instead. */
export function appendsInSavepoints(db: Db): void {
  nested.add(db);
}

/**
 * Brings the trust's current key into the trail with an entry of its own, if the last entry is
 * not already signed by it (a rotation: 'audit.key.rotate'). Returns that entry, or undefined.
 */
export async function appendKeyEntry(
  db: Db,
  trust: AuditTrust,
  workspaceId: string,
  by: Pick<NewEntry, 'at' | 'actor'>,
  options: AppendOptions = {},
): Promise<SignedAuditEntry | undefined> {
  const chained = chainAfter(await headOf(db, workspaceId), trust.signer(workspaceId), [], options, by);
  if (chained.length > 0) await db.insert(audit).values(chained.map((e) => ({ workspaceId, ...e })));
  remember(db, chained[0]);
  return chained[0];
}

/** Appends many entries in order, chaining and signing them in memory and inserting in batches. */
export async function appendAuditBatch(db: Db, trust: AuditTrust, workspaceId: string, entries: readonly NewEntry[], rowsPerStatement = BATCH): Promise<void> {
  if (entries.length === 0) return;
  const signer = trust.signer(workspaceId);
  const slice = timeSlices();
  let head = await headOf(db, workspaceId);
  for (let i = 0; i < entries.length; i += rowsPerStatement) {
    // Signed a few at a time (~0.1 ms each), yielding between, so a large import doesn't hold the event loop.
    const chained: SignedAuditEntry[] = [];
    for (let j = i; j < Math.min(i + rowsPerStatement, entries.length); j += SIGN_SLICE) {
      chained.push(...chainAfter(head, signer, entries.slice(j, Math.min(j + SIGN_SLICE, i + rowsPerStatement, entries.length)), {}));
      const last = chained[chained.length - 1] as SignedAuditEntry;
      head = { seq: last.seq, hash: last.hash, keyId: last.keyId };
      await slice();
    }
    remember(db, chained.at(-1));
    const rows = chained.map((e) => ({
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      action: e.action,
      record_id: e.recordId,
      database: e.database,
      record_key: e.recordKey,
      before: e.before,
      after: e.after,
      prev_hash: e.prevHash,
      hash: e.hash,
      signature: e.signature,
      key_id: e.keyId,
    }));
    // One JSON parameter per statement, expanded by the server (see insertRecordRows).
    await db.execute(sql`
      insert into audit (workspace_id, seq, at, actor, action, record_id, database, record_key, before, after, prev_hash, hash, signature, key_id)
      select ${workspaceId}, x.seq, x.at, x.actor, x.action, x.record_id, x.database, x.record_key, x.before, x.after, x.prev_hash, x.hash, x.signature, x.key_id
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(seq bigint, at timestamptz, actor text, action text, record_id uuid,
        database text, record_key text, before jsonb, after jsonb, prev_hash text, hash text, signature text, key_id text)`);
    await slice();
  }
}

/** Entries chained and signed between two looks at the clock. */
const SIGN_SLICE = 50;
const BATCH = 2000;

/** The last entry of the trail, as the witness keeps it (undefined for an empty trail or one written before signing). */
export async function auditHead(db: Db, workspaceId: string): Promise<WitnessedHead | undefined> {
  const [row] = await db
    .select({ seq: audit.seq, hash: audit.hash, keyId: audit.keyId, signature: audit.signature })
    .from(audit)
    .where(eq(audit.workspaceId, workspaceId))
    .orderBy(desc(audit.seq))
    .limit(1);
  return row?.keyId && row.signature ? { seq: row.seq, hash: row.hash, keyId: row.keyId, signature: row.signature } : undefined;
}

/** How many entries the workspace's trail holds. */
export async function countAudit(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(audit).where(eq(audit.workspaceId, workspaceId));
  return Number(row?.n ?? 0);
}

export interface AuditQuery {
  readonly recordId?: string | undefined;
  readonly afterSeq?: number | undefined;
  readonly limit?: number | undefined;
  /** Newest first (the API's order) instead of the chain's order. */
  readonly newestFirst?: boolean | undefined;
  /** Only entries of these actions. */
  readonly actions?: readonly string[] | undefined;
}

export async function listAudit(db: Db, workspaceId: string, query: AuditQuery = {}): Promise<SignedAuditEntry[]> {
  const where = and(
    eq(audit.workspaceId, workspaceId),
    // A record's history includes the batch entry that created it (ADR 067), found by its id among the batch's records.
    query.recordId
      ? or(
          eq(audit.recordId, query.recordId),
          and(isNull(audit.recordId), eq(audit.action, BATCH_CREATE_ACTION), sql`${audit.after}->'records' @> ${JSON.stringify([{ id: query.recordId }])}::jsonb`),
        )
      : undefined,
    query.afterSeq !== undefined ? gt(audit.seq, query.afterSeq) : undefined,
    query.actions ? inArray(audit.action, [...query.actions]) : undefined,
  );
  const q = db
    .select()
    .from(audit)
    .where(where)
    .orderBy(query.newestFirst ? desc(audit.seq) : asc(audit.seq));
  const rows = query.limit !== undefined ? await q.limit(query.limit) : await q;
  return rows.map(toEntry);
}

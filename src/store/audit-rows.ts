import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { type AuditEntry, type ChainedAuditEntry, GENESIS_HASH, hashAuditEntry } from '../core/audit/audit-entry.ts';
import { audit } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

type NewEntry = Omit<AuditEntry, 'seq'>;

function toEntry(row: typeof audit.$inferSelect): ChainedAuditEntry {
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
  };
}

/**
 * Appends to the workspace's hash chain. The caller's transaction holds the workspace lock
 * (lockWorkspace), so reading the last hash and appending can't interleave with another writer.
 */
export async function appendAudit(db: Db, workspaceId: string, entry: NewEntry): Promise<ChainedAuditEntry> {
  const last = await db.select({ seq: audit.seq, hash: audit.hash }).from(audit).where(eq(audit.workspaceId, workspaceId)).orderBy(desc(audit.seq)).limit(1);
  const seq = (last[0]?.seq ?? 0) + 1;
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const full: AuditEntry = { ...entry, seq };
  const hash = hashAuditEntry(prevHash, full);
  await db.insert(audit).values({ workspaceId, ...full, prevHash, hash });
  return { ...full, prevHash, hash };
}

export interface AuditQuery {
  readonly recordId?: string | undefined;
  readonly afterSeq?: number | undefined;
  readonly limit?: number | undefined;
  /** Newest first (the API's order) instead of the chain's order. */
  readonly newestFirst?: boolean | undefined;
}

export async function listAudit(db: Db, workspaceId: string, query: AuditQuery = {}): Promise<ChainedAuditEntry[]> {
  const where = and(
    eq(audit.workspaceId, workspaceId),
    query.recordId ? eq(audit.recordId, query.recordId) : undefined,
    query.afterSeq !== undefined ? gt(audit.seq, query.afterSeq) : undefined,
  );
  const q = db
    .select()
    .from(audit)
    .where(where)
    .orderBy(query.newestFirst ? desc(audit.seq) : asc(audit.seq));
  const rows = query.limit !== undefined ? await q.limit(query.limit) : await q;
  return rows.map(toEntry);
}

/** Appends many entries in order, chaining them in memory and inserting in batches. */
export async function appendAuditBatch(db: Db, workspaceId: string, entries: readonly NewEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const last = await db.select({ seq: audit.seq, hash: audit.hash }).from(audit).where(eq(audit.workspaceId, workspaceId)).orderBy(desc(audit.seq)).limit(1);
  let seq = last[0]?.seq ?? 0;
  let prevHash = last[0]?.hash ?? GENESIS_HASH;
  const rows = entries.map((entry) => {
    seq++;
    const full: AuditEntry = { ...entry, seq };
    const hash = hashAuditEntry(prevHash, full);
    const row = {
      seq,
      at: full.at,
      actor: full.actor,
      action: full.action,
      record_id: full.recordId,
      database: full.database,
      record_key: full.recordKey,
      before: full.before,
      after: full.after,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  // One JSON parameter per batch, expanded by the server (see insertRecordRows).
  for (let i = 0; i < rows.length; i += BATCH) {
    await db.execute(sql`
      insert into audit (workspace_id, seq, at, actor, action, record_id, database, record_key, before, after, prev_hash, hash)
      select ${workspaceId}, x.seq, x.at, x.actor, x.action, x.record_id, x.database, x.record_key, x.before, x.after, x.prev_hash, x.hash
      from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + BATCH))}::jsonb) as x(seq bigint, at timestamptz, actor text, action text, record_id uuid,
        database text, record_key text, before jsonb, after jsonb, prev_hash text, hash text)`);
  }
}

const BATCH = 2000;

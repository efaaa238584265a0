import { generateKeyPairSync } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { type AuditEntry, GENESIS_HASH, hashAuditEntry, type SignedAuditEntry } from '../../src/core/audit/audit-entry.ts';
import { type AuditSigner, signerFor } from '../../src/core/audit/audit-signature.ts';
import { listAudit } from '../../src/store/audit-rows.ts';
import { audit } from '../../src/store/schema.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * What someone with SQL access to the database (and nothing else) can do to a trail: read it,
 * rewrite it with every SHA-256 recomputed, and sign with a key of their own. Never the
 * workspace key: it is outside the database.
 */
export async function readTrail(store: Store, workspaceId: string): Promise<SignedAuditEntry[]> {
  return listAudit(store.db, workspaceId);
}

/** Replaces the whole trail with `entries`, renumbered and re-chained; signatures stay as they were unless `signer` re-signs. */
export async function rewriteTrail(store: Store, workspaceId: string, entries: readonly SignedAuditEntry[], signer?: AuditSigner): Promise<void> {
  let prevHash = GENESIS_HASH;
  const rows = entries.map((e, i) => {
    const entry: AuditEntry = { ...e, seq: i + 1 };
    const hash = hashAuditEntry(prevHash, entry);
    const row = { ...entry, workspaceId, prevHash, hash, signature: signer ? signer.sign(hash) : e.signature, keyId: signer ? signer.keyId : e.keyId };
    prevHash = hash;
    return row;
  });
  await store.db.delete(audit).where(eq(audit.workspaceId, workspaceId));
  if (rows.length > 0) await store.db.insert(audit).values(rows);
}

/** A key of the attacker's own. */
export function attackerSigner(): AuditSigner {
  return signerFor(generateKeyPairSync('ed25519').privateKey);
}

export async function deleteEntriesFrom(store: Store, workspaceId: string, seq: number): Promise<void> {
  await store.db.execute(sql`delete from audit where workspace_id = ${workspaceId} and seq >= ${seq}`);
}

export async function lastSeq(store: Store, workspaceId: string): Promise<number> {
  const rows = await store.db.select({ seq: audit.seq }).from(audit).where(eq(audit.workspaceId, workspaceId)).orderBy(asc(audit.seq));
  return rows.at(-1)?.seq ?? 0;
}

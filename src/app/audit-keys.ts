import { KEY_ACTIONS, type KeyEntryAfter } from '../core/audit/audit-entry.ts';
import { assertAdmin } from '../core/auth/role-policy.ts';
import { appendKeyEntry, listAudit } from '../store/audit-rows.ts';
import { actorOf, type Session } from './session.ts';
import { inWriteTransaction } from './write-context.ts';

/** One key of a workspace's trail: its id, public key, and the entries it signs (to: null while current). */
export interface AuditKeyView {
  readonly keyId: string;
  readonly publicKey: string;
  readonly from: number;
  readonly to: number | null;
  readonly action: string;
}

export interface AuditKeysReport {
  /** The key this installation signs with now, and where it and the witness are kept. */
  readonly current: { readonly keyId: string; readonly publicKey: string; readonly location: string };
  /** Every key the trail brought in, oldest first, with the entries each signs. */
  readonly keys: readonly AuditKeyView[];
}

/**
 * The workspace's signing keys: the one in use here and every one the trail holds.
 *
 * @example (await auditKeys(session)).keys // [{ keyId: '3f0a…', from: 1, to: 812, action: 'audit.key.add' }, { keyId: 'c1d2…', from: 813, to: null, action: 'audit.key.rotate' }]
 */
export async function auditKeys(session: Session): Promise<AuditKeysReport> {
  const { trust, db } = session.store;
  const signer = trust.signer(session.workspaceId);
  const keys: AuditKeyView[] = [];
  for (const entry of await listAudit(db, session.workspaceId, { actions: [...KEY_ACTIONS] })) {
    const after = entry.after as KeyEntryAfter;
    const previous = keys.at(-1);
    if (previous) keys[keys.length - 1] = { ...previous, to: entry.seq - 1 };
    keys.push({ keyId: after.keyId, publicKey: after.publicKey, from: entry.seq, to: null, action: entry.action });
  }
  return { current: { keyId: signer.keyId, publicKey: signer.publicKey, location: trust.location }, keys };
}

/**
 * Replaces the workspace's signing key (admins only): a new key pair is written to the trust
 * folder and brought into the trail by an 'audit.key.rotate' entry signed with it; entries from
 * then on are signed with it, and the old key only verifies the entries before.
 */
export async function rotateAuditKey(session: Session): Promise<AuditKeysReport> {
  assertAdmin(actorOf(session), 'rotate the audit key');
  await inWriteTransaction(session, 'rotate the audit key', async (w) => {
    session.store.trust.rotate(session.workspaceId);
    await appendKeyEntry(w.db, session.store.trust, session.workspaceId, { at: w.now.toISOString(), actor: session.actor }, { keyAction: 'audit.key.rotate' });
  });
  return auditKeys(session);
}

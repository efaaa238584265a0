import { checkWitness } from '../core/audit/check-witness.ts';
import { RecordReplay, recordDifference, replayedKey } from '../core/audit/replay-records.ts';
import { type EntryProblem, TrailCheck } from '../core/audit/trail-check.ts';
import type { DatabaseDef } from '../core/pack/pack-schema.ts';
import { countAudit, listAudit } from '../store/audit-rows.ts';
import { storedLinks, storedRecords } from '../store/replay-rows.ts';
import type { Session } from './session.ts';
import { signaturePool } from './signature-pool.ts';

/** What `eos audit verify` found: every check passed, or the first thing wrong, by entry or by record. */
export type AuditVerification =
  | {
      readonly ok: true;
      readonly entries: number;
      readonly records: number;
      readonly links: number;
      /** The keys that signed the trail, oldest first. */
      readonly keys: readonly string[];
      /** The furthest head the witness saw (0: none yet). */
      readonly witnessed: number;
      readonly at: string;
    }
  | {
      readonly ok: false;
      readonly entries: number;
      /** How many entries the trail holds. */
      /** Which check failed: the chain and signatures, the witness, or the records the trail replays to. */
      readonly check: 'chain' | 'witness' | 'records';
      /** The first bad entry, for the chain and the witness. */
      readonly firstBad?: number;
      /** The first bad record's key, for the replay. */
      readonly record?: string;
      readonly reason: string;
      readonly at: string;
    };

const PAGE = 5000;

/**
 * Verifies the workspace's audit trail end to end: the hash chain and every Ed25519 signature
 * against keys the trust folder knows, the head against the witness outside the database, and
 * the records and links against the state the trail replays to. Names the first bad entry or
 * record and what is wrong.
 *
 * @example await verifyAudit(session) // { ok: false, check: 'witness', firstBad: 41, reason: 'the trail ends at entry 40, but the witness saw entry 41: …' }
 */
export async function verifyAudit(session: Session): Promise<AuditVerification> {
  const result = await verifyTrail(session);
  const { ok, entries, at } = result;
  session.store.trust.saveVerification(session.workspaceId, result.ok ? { ok, entries, at } : { ok, entries, at, check: result.check, reason: result.reason });
  return result;
}

async function verifyTrail(session: Session): Promise<AuditVerification> {
  const { db, trust } = session.store;
  const ws = session.workspaceId;
  const at = session.clock().toISOString();
  const witness = trust.read(ws);
  const pool = signaturePool();
  const check = new TrailCheck({ trustedKeys: witness.keys, trustLocation: trust.location, checkSignatures: pool.check });
  const replay = new RecordReplay();
  let chainProblem: EntryProblem | null;
  try {
    for (let after = 0; ; ) {
      const page = await listAudit(db, ws, { afterSeq: after, limit: PAGE });
      for (const entry of page) {
        if (check.add(entry)) break;
        replay.add(entry);
      }
      if (check.problem || page.length < PAGE) break;
      after = page.at(-1)?.seq ?? after;
    }
    chainProblem = await check.settle();
  } finally {
    await pool.close();
  }
  if (chainProblem) return { ok: false, entries: await countAudit(db, ws), check: 'chain', firstBad: chainProblem.seq, reason: chainProblem.reason, at };
  const batch = replay.batchProblem;
  if (batch) return { ok: false, entries: check.entries, check: 'chain', firstBad: batch.seq, reason: batch.reason, at };
  const witnessProblem = checkWitness(check.hashes, witness.heads);
  if (witnessProblem) return { ok: false, entries: check.entries, check: 'witness', firstBad: witnessProblem.seq, reason: witnessProblem.reason, at };
  const recordCheck = await compareRecords(session, replay);
  if ('reason' in recordCheck) return { ok: false, entries: check.entries, check: 'records', record: recordCheck.record, reason: recordCheck.reason, at };
  const witnessed = Math.max(0, ...witness.heads.map((h) => h.seq));
  return { ok: true, entries: check.entries, records: recordCheck.records, links: recordCheck.links, keys: check.keysSeen.map((k) => k.keyId), witnessed, at };
}

type RecordCheck = { readonly records: number; readonly links: number } | { readonly record: string; readonly reason: string };

async function compareRecords(session: Session, replay: RecordReplay): Promise<RecordCheck> {
  const { db } = session.store;
  const seen = new Set<string>();
  for await (const stored of storedRecords(db, session.workspaceId)) {
    const replayed = replay.records.get(stored.id);
    if (!replayed) return { record: stored.key, reason: `record ${stored.key} has no audit entry: it was written behind eos's back` };
    const difference = recordDifference(stored, replayed);
    if (difference) return { record: stored.key, reason: `record ${stored.key} differs from the audit trail: ${difference}` };
    // A batch entry holds the record's digest: the stored record matched it, so it is what the trail says.
    if ('digest' in replayed) replay.records.set(stored.id, { record: stored, seq: replayed.seq });
    seen.add(stored.id);
  }
  for (const [id, replayed] of replay.records) {
    const key = replayedKey(replayed);
    if (key !== null && !seen.has(id)) {
      return {
        record: key,
        reason: `record ${key} is missing from the database: it was deleted behind eos's back (its last entry is ${replayed.seq})`,
      };
    }
  }
  const linkCheck = await compareLinks(session, replay);
  if ('reason' in linkCheck) return linkCheck;
  return { records: seen.size, links: linkCheck.links };
}

function relationFields(def: DatabaseDef | undefined): string[] {
  return def ? def.fields.filter((f) => f.type === 'relation').map((f) => f.name) : [];
}

/** Links must be exactly the relation fields' keys the replayed records show. */
async function compareLinks(session: Session, replay: RecordReplay): Promise<{ links: number } | { record: string; reason: string }> {
  const rows = await storedLinks(session.store.db, session.workspaceId);
  const keyOf = (id: string) => {
    const replayed = replay.records.get(id);
    return (replayed && replayedKey(replayed)) ?? `(unknown record ${id})`;
  };
  const actual = new Map<string, string[]>();
  for (const link of rows) {
    const slot = `${link.fromId} ${link.field}`;
    actual.set(slot, [...(actual.get(slot) ?? []), keyOf(link.toId)]);
  }
  for (const [id, replayed] of replay.records) {
    // Every record a batch created was settled against its digest by compareRecords.
    if (!('record' in replayed) || !replayed.record) continue;
    const { record, seq } = replayed;
    for (const field of relationFields(session.databases.get(record.database))) {
      const slot = `${id} ${field}`;
      const value = record.fields[field];
      const want = (Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)]).sort();
      const have = (actual.get(slot) ?? []).sort();
      actual.delete(slot);
      if (want.join('\n') !== have.join('\n')) {
        return {
          record: record.key,
          reason: `record ${record.key} differs from the audit trail: its '${field}' links go to ${JSON.stringify(have)} in the database, but the trail (entry ${seq}) says ${JSON.stringify(want)}`,
        };
      }
    }
  }
  const [stray] = actual;
  if (stray) {
    const [fromId, field] = stray[0].split(' ') as [string, string];
    const from = keyOf(fromId);
    return { record: from, reason: `record ${from} differs from the audit trail: a '${field}' link to ${stray[1].join(', ')} has no audit entry` };
  }
  return { links: rows.length };
}

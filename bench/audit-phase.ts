import { loadavg } from 'node:os';
import { listRecords } from '../src/app/records/read-records.ts';
import type { Session } from '../src/app/session.ts';
import { verifyAudit } from '../src/app/verify-audit.ts';
import { appendAuditBatch, countAudit, listAudit } from '../src/store/audit-rows.ts';
import type { BenchEngine } from './engines.ts';
import { progress, timed } from './measure.ts';

export interface AuditVerifyResult {
  /** Entries the workspace's own writes left (imports, moves), and how long verifying them took. */
  readonly written: { readonly entries: number; readonly ms: number };
  /** The same trail topped up to `entries` with signed entries as large as a record's, verified end to end. */
  readonly full: { readonly entries: number; readonly records: number; readonly ms: number; readonly cpuMs: number; readonly entriesPerSec: number };
  /** The 1-minute load average when the full verify ended: on a shared machine, wall time is only what was left over. */
  readonly load: number;
}

const TOP_UP_BATCH = 10_000;

/**
 * Verifies the bench workspace's audit trail (chain, every Ed25519 signature, the witness, and
 * the replay of every record and link), then tops the trail up to `target` entries and verifies
 * again. The top-up entries are signed like any other and carry a record's snapshot as payload,
 * so hashing and signature checks cost what they cost for real entries; they name no record, so
 * the replay still compares every record the import and the moves wrote.
 */
export async function auditVerifyPhase(engine: BenchEngine, session: Session, target: number): Promise<AuditVerifyResult> {
  const tag = `[${engine.kind}]`;
  const check = async () => {
    const cpu = process.cpuUsage();
    const { ms, value } = await timed(() => verifyAudit(session));
    const used = process.cpuUsage(cpu);
    if (!value.ok) throw new Error(`audit verify failed: ${value.reason}`);
    return { ms, cpuMs: (used.user + used.system) / 1000, value };
  };
  const written = await check();
  progress(`${tag} audit verify: ${written.value.entries} entries in ${(written.ms / 1000).toFixed(1)} s`);
  const [sample] = await listAudit(session.store.db, session.workspaceId, { afterSeq: Math.max(0, written.value.entries - 1), limit: 1 });
  // A record snapshot, as a record write's entry carries: a large import's entries are batches of digests (ADR 067).
  const [first] = session.databases.keys();
  const [record] = first ? await listRecords(session, { database: first, limit: 1 }) : [];
  const payload = (await listAudit(session.store.db, session.workspaceId, { actions: ['record.create'], limit: 1 }))[0]?.after ?? record ?? sample?.after ?? null;
  for (let have = await countAudit(session.store.db, session.workspaceId); have < target; have += TOP_UP_BATCH) {
    const n = Math.min(TOP_UP_BATCH, target - have);
    const at = new Date().toISOString();
    const entries = Array.from({ length: n }, (_, i) => ({
      at,
      actor: 'bench',
      action: 'bench.note',
      recordId: null,
      database: null,
      recordKey: null,
      before: null,
      after: { n: have + i, payload },
    }));
    await session.store.db.transaction(async (tx) => appendAuditBatch(tx as unknown as typeof session.store.db, session.store.trust, session.workspaceId, entries));
  }
  const full = await check();
  if (!full.value.ok) throw new Error('unreachable');
  const load = loadavg()[0] ?? 0;
  progress(
    `${tag} audit verify: ${full.value.entries} entries, ${full.value.records} records in ${(full.ms / 1000).toFixed(1)} s (${(full.cpuMs / 1000).toFixed(1)} s of CPU in this process; load ${load.toFixed(1)})`,
  );
  return {
    written: { entries: written.value.entries, ms: written.ms },
    full: { entries: full.value.entries, records: full.value.records, ms: full.ms, cpuMs: full.cpuMs, entriesPerSec: full.value.entries / (full.ms / 1000) },
    load,
  };
}

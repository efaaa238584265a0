import type { Decision } from '../../core/decisions/decision.ts';
import { notFound } from '../../core/errors.ts';
import type { RitualSnapshot } from '../../core/rituals/ritual-snapshot.ts';
import { listAudit } from '../../store/audit-rows.ts';
import { listDecisions } from '../decide.ts';
import { findRecord } from '../records/find-record.ts';
import type { Session } from '../session.ts';
import { SNAPSHOT_ACTION, snapshotHash } from './run-ritual.ts';

/** A ritual record's snapshot checked: the hash recomputed from the frozen snapshot against each place it was written. */
export interface SnapshotCheck {
  readonly record: string;
  readonly ritual: string;
  readonly occurrence: string;
  /** SHA-256 recomputed from the snapshot the decision holds. */
  readonly recomputed: string;
  /** The hash the decision recorded, the record's `Snapshot SHA-256` now, and the one in its create audit entry. */
  readonly decision: string;
  readonly field: string | null;
  readonly createAudit: string | null;
  readonly ok: boolean;
}

/** The frozen snapshot of a ritual record and its decision, or a 404 for a record no ritual created. */
export async function ritualSnapshotOf(session: Session, ref: string): Promise<{ decision: Decision; snapshot: RitualSnapshot } | null> {
  const record = await findRecord(session.store.db, session, ref);
  const decision = (await listDecisions(session, { record: record.key, limit: 100 })).find((d) => d.action === SNAPSHOT_ACTION && d.recordId === record.id);
  const snapshot = decision?.details.snapshot as RitualSnapshot | undefined;
  return decision && snapshot ? { decision, snapshot } : null;
}

/**
 * Recomputes the SHA-256 of a ritual record's frozen snapshot and compares it with the hash its
 * decision recorded, its `Snapshot SHA-256` field, and that field in its create audit entry (the
 * audit trail is hash-chained and signed, so `eos audit verify` vouches for that entry).
 *
 * @example await checkRitualSnapshot(session, 'WR-0001') // { ok: true, recomputed: 'ab12…', … }
 */
export async function checkRitualSnapshot(session: Session, ref: string): Promise<SnapshotCheck> {
  const record = await findRecord(session.store.db, session, ref);
  const found = await ritualSnapshotOf(session, record.key);
  if (!found) throw notFound(`${record.key} has no ritual snapshot: no ritual created it with one`, { record: record.key });
  const recomputed = snapshotHash(found.snapshot);
  const [create] = await listAudit(session.store.db, session.workspaceId, { recordId: record.id, actions: ['record.create'], limit: 1 });
  const fieldOf = (fields: unknown): string | null => {
    const v = (fields as Record<string, unknown> | undefined)?.['Snapshot SHA-256'];
    return typeof v === 'string' ? v : null;
  };
  const decision = String(found.decision.details.sha256 ?? '');
  const field = fieldOf(record.fields);
  const createAudit = fieldOf((create?.after as { fields?: unknown } | null)?.fields);
  return {
    record: record.key,
    ritual: String(found.decision.details.ritual ?? ''),
    occurrence: String(found.decision.details.occurrence ?? ''),
    recomputed,
    decision,
    field,
    createAudit,
    ok: recomputed === decision && field === recomputed && createAudit === recomputed,
  };
}

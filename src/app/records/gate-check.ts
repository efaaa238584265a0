import { decideMove } from '../../core/gates/decide-move.ts';
import type { UnmetCriterion } from '../../core/gates/evaluate-gates.ts';
import { nextStatuses } from '../../core/gates/plan-move.ts';
import type { RoleGate } from '../../core/gates/required-roles.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { listRecordRows } from '../../store/record-rows.ts';
import { actorOf, databaseOf, type Session } from '../session.ts';
import { needsOf, prepareHooks } from './eval-hooks.ts';
import { findRecord } from './find-record.ts';

/** What stands between a record and one next status. */
export interface NextStatusCheck {
  readonly to: string;
  readonly gates: readonly string[];
  readonly passes: boolean;
  readonly unmet: readonly UnmetCriterion[];
  /** Present when a gate on the way is reserved to roles: which, and whether this actor has one. */
  readonly requiresRole?: readonly RoleGate[];
  readonly permitted?: boolean;
}

export interface RecordGateReport {
  readonly record: string;
  readonly database: string;
  readonly status: string;
  readonly next: readonly NextStatusCheck[];
}

export interface GateCheckReport {
  readonly records: readonly RecordGateReport[];
  readonly checked: number;
  readonly blocked: number;
}

/**
 * The gate reports of records of one database. `pendingLinks` gives the links of records not
 * saved as they are (a preview of unsaved edits), by record id then field.
 */
export async function checkRecords(
  session: Session,
  def: DatabaseDef,
  records: readonly StoredRecord[],
  pendingLinks?: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>,
): Promise<RecordGateReport[]> {
  const checks = (def.gates ?? []).flatMap((g) => g.criteria.map((c) => c.check));
  const now = session.clock();
  const hooksFor = await prepareHooks({ db: session.store.db, session, def, records, needs: needsOf(session, def, checks), now, ...(pendingLinks ? { pendingLinks } : {}) });
  const actor = actorOf(session);
  return records.map((record) => {
    const hooks = hooksFor(record);
    const next = nextStatuses(def, record.status).map((to): NextStatusCheck => {
      // The one move check, on the record as the move would write it (formulas recomputed for `to`).
      const [step] = decideMove({ def, record: { ...record, status: to }, from: record.status, actor, compiler: session.compiler, hooks, now }).path;
      if (!step) throw new Error(`no step from ${record.status} to ${to}`);
      const unmet = step.unmet.map(({ step: _step, ...u }) => u);
      const roles = step.requiresRole.length > 0 ? { requiresRole: step.requiresRole, permitted: step.roleRefusal === null } : {};
      return { to, gates: step.gates.map((g) => g.id), passes: unmet.length === 0, unmet, ...roles };
    });
    return { record: record.key, database: def.id, status: record.status, next };
  });
}

/**
 * Evaluates, without changing anything, the gates a record (or every record of a database)
 * would meet on its way to each of its next statuses.
 *
 * @example await gateCheck(session, { database: 'changes' }) // { checked: 12, blocked: 3, records: [...] }
 */
export async function gateCheck(session: Session, target: { ref: string } | { database: string }): Promise<GateCheckReport> {
  let reports: RecordGateReport[];
  if ('ref' in target) {
    const record = await findRecord(session.store.db, session, target.ref);
    reports = await checkRecords(session, databaseOf(session, record.database), [record]);
  } else {
    const def = databaseOf(session, target.database);
    reports = await checkRecords(session, def, await listRecordRows(session.store.db, session.workspaceId, { database: def.id }));
  }
  const blocked = reports.filter((r) => r.next.some((n) => !n.passes)).length;
  return { records: reports, checked: reports.length, blocked };
}

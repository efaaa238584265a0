import { actorSatisfies } from '../../core/auth/role-policy.ts';
import { evaluateGates, type UnmetCriterion } from '../../core/gates/evaluate-gates.ts';
import { gatesOnTheWay, nextStatuses } from '../../core/gates/plan-move.ts';
import { type RoleGate, requiredRoles } from '../../core/gates/required-roles.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { toCelRecord } from '../../core/records/cel-view.ts';
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
  return records.map((record) => {
    const view = toCelRecord(def, record);
    const hooks = hooksFor(record);
    const next = nextStatuses(def, record.status).map((to): NextStatusCheck => {
      const gates = gatesOnTheWay(def, record.status, to);
      const unmet = evaluateGates({ gates, compiler: session.compiler, database: def.id, record: { ...view, status: to, [def.status.field]: to }, hooks, now });
      const roleGates = requiredRoles(gates, record.fields);
      const roles = roleGates.length > 0 ? { requiresRole: roleGates, permitted: roleGates.every((g) => actorSatisfies(actorOf(session), g.roles)) } : {};
      return { to, gates: gates.map((g) => g.id), passes: unmet.length === 0, unmet, ...roles };
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

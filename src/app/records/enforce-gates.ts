import { checkRoleGates } from '../../core/auth/check-role-gates.ts';
import { EosError, invalidInput } from '../../core/errors.ts';
import { checkWaiver } from '../../core/gates/check-waiver.ts';
import { evaluateGates, type UnmetCriterion } from '../../core/gates/evaluate-gates.ts';
import { gatesOnTheWay, nextStatuses, transitionAllowed } from '../../core/gates/plan-move.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { toCelRecord } from '../../core/records/cel-view.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { actorOf } from '../session.ts';
import type { WriteContext } from '../write-context.ts';
import { needsOf, prepareHooks } from './eval-hooks.ts';
import { findRecord } from './find-record.ts';

export interface GatePass {
  /** The criteria a waiver let through, with the waiver's key; empty when nothing was waived. */
  readonly waived: readonly UnmetCriterion[];
  readonly waiver: StoredRecord | null;
}

export interface EnforceOptions {
  readonly def: DatabaseDef;
  /** The record as it would be after the move, with every relation field's target ids. */
  readonly record: StoredRecord;
  readonly links: ReadonlyMap<string, readonly string[]>;
  /** null when a record is created straight into `to`. */
  readonly from: string | null;
  readonly to: string;
  readonly waiverRef?: string | undefined;
}

function blocked(options: EnforceOptions, unmet: readonly UnmetCriterion[], extra: Record<string, unknown> = {}): EosError {
  const { record, from, to } = options;
  const n = unmet.length;
  return new EosError('gate_blocked', `${record.key} can't move to ${to}: ${n} criteri${n === 1 ? 'on' : 'a'} unmet`, {
    record: record.key,
    from,
    to,
    unmet,
    ...extra,
  });
}

/**
 * Evaluates every gate between `from` and `to` and throws gate_blocked naming every unmet
 * criterion, unless an approved, unexpired waiver names each of them. The lifecycle's
 * allowed transitions are checked first, then the gates' role requirements (forbidden).
 */
export async function enforceGates(w: WriteContext, options: EnforceOptions): Promise<GatePass> {
  const { def, record, from, to } = options;
  if (!def.status.values.includes(to)) {
    throw invalidInput(`'${to}' is not a status of ${def.name} (${def.status.values.join(', ')})`, { record: record.key, to });
  }
  if (from !== null && !transitionAllowed(def, from, to)) {
    const allowed = nextStatuses(def, from);
    const message = from === to ? `${record.key} is already ${to}` : `${def.name} can't go from ${from} to ${to}; from ${from} it can go to: ${allowed.join(', ') || 'nowhere'}`;
    throw blocked(options, [{ gate: 'lifecycle', criterion: 'transition', message }]);
  }
  const gates = gatesOnTheWay(def, from, to);
  const roleRefusal = checkRoleGates({ actor: actorOf(w.session), gates, record, from, to });
  if (roleRefusal) throw roleRefusal;
  if (gates.every((g) => g.criteria.length === 0) && !options.waiverRef) return { waived: [], waiver: null };
  const needs = needsOf(
    w.session,
    def,
    gates.flatMap((g) => g.criteria.map((c) => c.check)),
  );
  const hooksFor = await prepareHooks({ db: w.db, session: w.session, def, records: [record], needs, now: w.now, pendingLinks: new Map([[record.id, options.links]]) });
  const hooks = hooksFor(record);
  const unmet = evaluateGates({ gates, compiler: w.session.compiler, database: def.id, record: toCelRecord(def, record), hooks, now: w.now });
  if (unmet.length === 0 || !options.waiverRef) {
    if (unmet.length > 0) throw blocked(options, unmet);
    if (options.waiverRef) w.warnings.push(`every criterion holds, so waiver ${options.waiverRef} was not used`);
    return { waived: [], waiver: null };
  }
  const waiver = await findRecord(w.db, w.session, options.waiverRef);
  const waiverDb = w.session.databases.get(waiver.database);
  if (!waiverDb) throw invalidInput(`waiver ${waiver.key} is in an unknown database`);
  const check = checkWaiver({ waiverDb, waiver, waiverView: toCelRecord(waiverDb, waiver), target: record, unmet, compiler: w.session.compiler, hooks, now: w.now });
  if (check.invalid) throw blocked(options, unmet, { waiver: { key: waiver.key, problem: check.invalid } });
  if (check.uncovered.length > 0) throw blocked(options, check.uncovered, { waiver: { key: waiver.key, covered: check.covered } });
  return { waived: check.covered, waiver };
}

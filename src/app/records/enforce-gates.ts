import { invalidInput } from '../../core/errors.ts';
import { decideMove, type MoveDecision, type OfferedWaiver, type StepUnmet, shortestPath } from '../../core/gates/decide-move.ts';
import { gatesOnTheWay, initialStatus } from '../../core/gates/plan-move.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { actorOf, type Session } from '../session.ts';
import type { WriteContext } from '../write-context.ts';
import { needsOf, prepareHooks } from './eval-hooks.ts';
import { findRecord } from './find-record.ts';
import { refusalError } from './move-refusal.ts';

export interface GatePass {
  /** The criteria a waiver let through; empty when nothing was waived. */
  readonly waived: readonly StepUnmet[];
  readonly waiver: StoredRecord | null;
  readonly decision: MoveDecision;
}

export interface EnforceOptions {
  readonly def: DatabaseDef;
  /** The record as it would be after the write (formulas recomputed for its status). */
  readonly record: StoredRecord;
  readonly links: ReadonlyMap<string, readonly string[]>;
  /** null when a record is created straight into its status. */
  readonly from: string | null;
  readonly waiverRef?: string | undefined;
}

/**
 * The gate criteria a decision from `from` to `to` evaluates (the walk from the initial status
 * when `from` is null), so the hooks preloaded for it reach what they read.
 */
export function moveChecks(def: DatabaseDef, from: string | null, to: string): string[] {
  const start = from ?? initialStatus(def);
  const steps = from !== null ? [{ from, to }] : (shortestPath(def, start, to) ?? []);
  return steps.flatMap((s) => gatesOnTheWay(def, s.from, s.to).flatMap((g) => g.criteria.map((c) => c.check)));
}

/** The waiver a move names, loaded with its database. */
export async function offeredWaiver(w: WriteContext, ref: string | undefined): Promise<OfferedWaiver | null> {
  if (!ref) return null;
  const record = await findRecord(w.db, w.session, ref);
  const def = w.session.databases.get(record.database);
  if (!def) throw invalidInput(`waiver ${record.key} is in an unknown database`);
  return { def, record };
}

/** The decision for one record: its hooks loaded, then decideMove. */
export async function decideFor(session: Session, w: Pick<WriteContext, 'db' | 'now'>, options: EnforceOptions & { waiver?: OfferedWaiver | null }): Promise<MoveDecision> {
  const { def, record } = options;
  const hooksFor = await prepareHooks({
    db: w.db,
    session,
    def,
    records: [record],
    needs: needsOf(session, def, moveChecks(def, options.from, record.status)),
    now: w.now,
    pendingLinks: new Map([[record.id, options.links]]),
  });
  return decideMove({ def, record, from: options.from, actor: actorOf(session), compiler: session.compiler, hooks: hooksFor(record), waiver: options.waiver ?? null, now: w.now });
}

/**
 * Decides a status change with the one move check (decideMove, ADR 042) and throws its refusal:
 * invalid_input for an unknown status, forbidden for a role, gate_blocked naming every unmet
 * criterion of every step otherwise. Returns what a waiver let through.
 */
export async function enforceGates(w: WriteContext, options: EnforceOptions): Promise<GatePass> {
  const waiver = await offeredWaiver(w, options.waiverRef);
  const decision = await decideFor(w.session, w, { ...options, waiver });
  if (decision.refusal) throw refusalError(options.def, decision.refusal);
  if (decision.waiverUnused && options.waiverRef) w.warnings.push(`every criterion holds, so waiver ${options.waiverRef} was not used`);
  const used = decision.waived.length > 0 ? (waiver?.record as StoredRecord | undefined) : undefined;
  return { waived: decision.waived, waiver: used ?? null, decision };
}

import { checkRoleGates } from '../auth/check-role-gates.ts';
import type { Actor } from '../auth/roles.ts';
import type { CelRecord, ExpressionCompiler } from '../cel/expression-compiler.ts';
import type { EvalHooks } from '../cel/record-environment.ts';
import type { EosError } from '../errors.ts';
import type { DatabaseDef, Gate } from '../pack/pack-schema.ts';
import { toCelRecord } from '../records/cel-view.ts';
import { computeDerived } from '../records/compute-derived.ts';
import type { EosRecord } from '../records/eos-record.ts';
import { checkWaiver } from './check-waiver.ts';
import { evaluateGates, type UnmetCriterion } from './evaluate-gates.ts';
import { gatesOnTheWay, initialStatus, nextStatuses, transitionAllowed } from './plan-move.ts';
import { type RoleGate, requiredRoles } from './required-roles.ts';

/** One move of a walk: `from` is null only for a record created straight into `to` of a lifecycle it has none of. */
export interface MoveStep {
  readonly from: string | null;
  readonly to: string;
}

/** An unmet criterion of one step of the walk. */
export interface StepUnmet extends UnmetCriterion {
  readonly step: MoveStep;
}

/** What one step of the walk meets: its gates, their role requirements and the criteria that don't hold. */
export interface StepCheck extends MoveStep {
  readonly gates: readonly Gate[];
  readonly requiresRole: readonly RoleGate[];
  /** The forbidden refusal of the first role requirement the actor doesn't meet, or null. */
  readonly roleRefusal: EosError | null;
  readonly unmet: readonly StepUnmet[];
}

/** Why a status change is refused: each kind is a value the callers turn into an error or an import row's problem. */
export type MoveRefusal =
  | { readonly kind: 'unknown_status'; readonly record: string; readonly to: string; readonly statuses: readonly string[] }
  | { readonly kind: 'already'; readonly record: string; readonly to: string }
  | { readonly kind: 'no_path'; readonly record: string; readonly from: string; readonly to: string; readonly next: readonly string[]; readonly created: boolean }
  | { readonly kind: 'role'; readonly record: string; readonly step: MoveStep; readonly created: boolean; readonly error: EosError }
  | {
      readonly kind: 'unmet';
      readonly record: string;
      readonly from: string | null;
      readonly to: string;
      readonly created: boolean;
      /** The steps walked: one for a move; from the initial status for a record created in a later one. */
      readonly walk: readonly MoveStep[];
      readonly unmet: readonly StepUnmet[];
      /** The waiver offered: why it can't be used, or what it covered when it covered too little. */
      readonly waiver?: { readonly key: string; readonly problem: string } | { readonly key: string; readonly covered: readonly StepUnmet[] };
    };

export interface MoveDecision {
  /** Every step walked, in order; empty when the lifecycle refused the move. */
  readonly path: readonly StepCheck[];
  /** The criteria the waiver let through; empty when nothing was waived. */
  readonly waived: readonly StepUnmet[];
  /** A waiver was offered though every criterion held. */
  readonly waiverUnused: boolean;
  readonly refusal: MoveRefusal | null;
}

export interface OfferedWaiver {
  readonly def: DatabaseDef;
  readonly record: EosRecord;
}

export interface DecideMoveInput {
  readonly def: DatabaseDef;
  /** The record after the write: its fields as they will be stored, `status` the target. */
  readonly record: EosRecord;
  /** The status before; null when the record is being created. */
  readonly from: string | null;
  readonly actor: Actor;
  readonly compiler: ExpressionCompiler;
  /** The record's evaluation hooks (related records, counts, metrics, SOP, decisions). */
  readonly hooks: EvalHooks;
  readonly waiver?: OfferedWaiver | null;
  readonly now: Date;
}

/**
 * The shortest walk of the lifecycle from `from` to `to` (breadth first, in the order the pack
 * lists statuses), or null when no walk exists.
 *
 * @example shortestPath(incidents, 'Open', 'Closed') // [{ from: 'Open', to: 'Mitigated' }, { from: 'Mitigated', to: 'Closed' }]
 */
export function shortestPath(def: DatabaseDef, from: string, to: string): MoveStep[] | null {
  if (from === to) return [];
  const cameFrom = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    for (const next of nextStatuses(def, at)) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, at);
      if (next === to) {
        const steps: MoveStep[] = [];
        for (let s = to; s !== from; s = cameFrom.get(s) as string) steps.unshift({ from: cameFrom.get(s) as string, to: s });
        return steps;
      }
      queue.push(next);
    }
  }
  return null;
}

/** The walk a change of status stands for: one move, or, for a record created in a later status, the walk from the initial one. */
function walkOf(def: DatabaseDef, record: EosRecord, from: string | null): MoveStep[] | MoveRefusal {
  const to = record.status;
  if (!def.status.values.includes(to)) return { kind: 'unknown_status', record: record.key, to, statuses: def.status.values };
  if (from !== null) {
    if (from === to) return { kind: 'already', record: record.key, to };
    if (!transitionAllowed(def, from, to)) return { kind: 'no_path', record: record.key, from, to, next: nextStatuses(def, from), created: false };
    return [{ from, to }];
  }
  const initial = initialStatus(def);
  const path = shortestPath(def, initial, to);
  return path ?? { kind: 'no_path', record: record.key, from: initial, to, next: nextStatuses(def, initial), created: true };
}

/**
 * Whether a formula or a rollup's filter may read the status: only then do derived values differ
 * from one status of a walk to the next. Conservative: any mention of `status` or the status
 * field's name counts.
 */
function derivedReadStatus(def: DatabaseDef): boolean {
  const names = ['status', def.status.field.toLowerCase()];
  return def.fields.some((f) => {
    const source = (f.type === 'formula' ? f.expr : f.type === 'rollup' ? f.where : undefined)?.toLowerCase();
    return source !== undefined && names.some((n) => source.includes(n));
  });
}

/** The record as CEL sees it in one status of the walk, its formulas and rollups recomputed for that status. */
function viewIn(input: DecideMoveInput, status: string): CelRecord {
  const { def, hooks, compiler, now } = input;
  const view = toCelRecord(def, { ...input.record, status });
  // Derived values that don't read the status are the same in every status: the record's stand.
  if (!derivedReadStatus(def)) return view;
  const derived = computeDerived({ db: def, record: view, hooks, compiler, now });
  return toCelRecord(def, { ...input.record, status, fields: { ...input.record.fields, ...derived } });
}

function checkStep(input: DecideMoveInput, step: MoveStep): StepCheck {
  const { def, record } = input;
  const gates = gatesOnTheWay(def, step.from, step.to);
  const roleRefusal = checkRoleGates({ actor: input.actor, gates, record, from: step.from, to: step.to });
  const evaluated = gates.some((g) => g.criteria.length > 0)
    ? evaluateGates({ gates, compiler: input.compiler, database: def.id, record: viewIn(input, step.to), hooks: input.hooks, now: input.now })
    : [];
  return { ...step, gates, requiresRole: requiredRoles(gates, record.fields), roleRefusal, unmet: evaluated.map((u) => ({ ...u, step })) };
}

/**
 * The one decision on a change of a record's status (ADR 042): the lifecycle must allow it, the
 * actor must hold every role its gates require, and every criterion of every gate on the way must
 * hold for the record as it will be, unless an approved waiver names it. A record created in a
 * later status is decided as if created in the initial status and moved along the shortest walk
 * of the lifecycle to it, every step's gates included. Pure: everything it reads is passed in.
 *
 * @example decideMove({ def, record: { ...incident, status: 'Closed' }, from: null, actor, compiler, hooks, now })
 * // { refusal: { kind: 'unmet', unmet: [{ gate: 'postmortem', criterion: 'linked', step: { from: 'Resolved', to: 'Closed' }, … }] }, … }
 */
export function decideMove(input: DecideMoveInput): MoveDecision {
  const walk = walkOf(input.def, input.record, input.from);
  if (!Array.isArray(walk)) return { path: [], waived: [], waiverUnused: false, refusal: walk };
  const path = walk.map((step) => checkStep(input, step));
  const decided = (refusal: MoveRefusal | null, waived: readonly StepUnmet[] = [], waiverUnused = false): MoveDecision => ({ path, waived, waiverUnused, refusal });
  const roleStep = path.find((s) => s.roleRefusal !== null);
  if (roleStep?.roleRefusal)
    return decided({ kind: 'role', record: input.record.key, step: { from: roleStep.from, to: roleStep.to }, created: input.from === null, error: roleStep.roleRefusal });
  const unmet = path.flatMap((s) => s.unmet);
  const base = { kind: 'unmet' as const, record: input.record.key, from: input.from, to: input.record.status, created: input.from === null, walk, unmet };
  const waiver = input.waiver;
  if (unmet.length === 0) return decided(null, [], waiver !== undefined && waiver !== null);
  if (!waiver) return decided(base);
  const check = checkWaiver({
    waiverDb: waiver.def,
    waiver: waiver.record,
    waiverView: toCelRecord(waiver.def, waiver.record),
    target: input.record,
    unmet,
    compiler: input.compiler,
    hooks: input.hooks,
    now: input.now,
  });
  const stepped = (list: readonly UnmetCriterion[]) => list as readonly StepUnmet[];
  if (check.invalid) return decided({ ...base, waiver: { key: waiver.record.key, problem: check.invalid } });
  if (check.uncovered.length > 0) return decided({ ...base, unmet: stepped(check.uncovered), waiver: { key: waiver.record.key, covered: stepped(check.covered) } });
  return decided(null, stepped(check.covered));
}

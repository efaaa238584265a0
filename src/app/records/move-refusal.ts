import { EosError, type ErrorCode, type ErrorDetails } from '../../core/errors.ts';
import type { MoveRefusal, MoveStep, StepUnmet } from '../../core/gates/decide-move.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';

/** The error a refused status change throws: its code and message for people, and the typed refusal for code. */
export class MoveRefused extends EosError {
  readonly refusal: MoveRefusal;

  constructor(code: ErrorCode, message: string, details: ErrorDetails, refusal: MoveRefusal) {
    super(code, message, details);
    this.refusal = refusal;
  }
}

function criteria(n: number): string {
  return `${n} criteri${n === 1 ? 'on' : 'a'}`;
}

/** `Open → Resolved`, or `(new) → Open` for a step that creates. */
export function stepLabel(step: MoveStep): string {
  return `${step.from ?? '(new)'} → ${step.to}`;
}

/** Whether the refusal is of a walk of several steps (a record created in a later status), so each criterion says its step. */
function walked(refusal: MoveRefusal): boolean {
  return refusal.kind === 'unmet' && refusal.created && refusal.walk.length > 1;
}

function lifecycleMessage(def: DatabaseDef, refusal: Extract<MoveRefusal, { kind: 'no_path' }>): string {
  const where = `from ${refusal.from} it can go to: ${refusal.next.join(', ') || 'nowhere'}`;
  if (refusal.created) return `${def.name} records start in ${refusal.from} and no walk of the lifecycle reaches ${refusal.to}; ${where}`;
  return `${def.name} can't go from ${refusal.from} to ${refusal.to}; ${where}`;
}

/** What a refusal says in one line, before its criteria: the error's message, about `subject`. */
function headline(def: DatabaseDef, refusal: MoveRefusal, subject: string = refusal.record): string {
  switch (refusal.kind) {
    case 'unknown_status':
      return `'${refusal.to}' is not a status of ${def.name} (${refusal.statuses.join(', ')})`;
    case 'already':
    case 'no_path':
      return `${subject} can't move to ${refusal.to}: 1 criterion unmet`;
    case 'role':
      return refusal.error.message;
    case 'unmet':
      return `${subject} can't move to ${refusal.to}: ${criteria(refusal.unmet.length)} unmet${walked(refusal) ? ` on the way from ${refusal.walk[0]?.from}` : ''}`;
  }
}

/** The criteria a refusal lists: a lifecycle refusal is one criterion, `lifecycle/transition`. */
export function unmetOf(def: DatabaseDef, refusal: MoveRefusal): readonly StepUnmet[] {
  switch (refusal.kind) {
    case 'already':
      return [{ gate: 'lifecycle', criterion: 'transition', message: `${refusal.record} is already ${refusal.to}`, step: { from: refusal.to, to: refusal.to } }];
    case 'no_path':
      return [{ gate: 'lifecycle', criterion: 'transition', message: lifecycleMessage(def, refusal), step: { from: refusal.from, to: refusal.to } }];
    case 'unmet':
      return refusal.unmet;
    default:
      return [];
  }
}

/**
 * The criteria as the error's details list them: a move is one step, named by the error's `from`
 * and `to`; a record created in a later status walked several, so each criterion names its step.
 */
function detailed(refusal: { readonly created: boolean }, unmet: readonly StepUnmet[]): readonly (StepUnmet | Omit<StepUnmet, 'step'>)[] {
  return refusal.created ? unmet : unmet.map(({ step: _step, ...u }) => u);
}

/**
 * The error a refused status change throws: invalid_input for an unknown status, forbidden for a
 * role, gate_blocked (exit 3, HTTP 409) naming every unmet criterion with its step otherwise.
 *
 * @example refusalError(def, { kind: 'unmet', record: 'CHG-0003', to: 'Approved', unmet, … }) // EosError gate_blocked "CHG-0003 can't move to Approved: 2 criteria unmet"
 */
export function refusalError(def: DatabaseDef, refusal: MoveRefusal): MoveRefused {
  const message = headline(def, refusal);
  switch (refusal.kind) {
    case 'unknown_status':
      return new MoveRefused('invalid_input', message, { record: refusal.record, to: refusal.to, field: def.status.field }, refusal);
    case 'role':
      return new MoveRefused(refusal.error.code, message, { ...refusal.error.details, ...(refusal.created ? { step: refusal.step } : {}) }, refusal);
    case 'already':
      return new MoveRefused(
        'gate_blocked',
        message,
        { record: refusal.record, from: refusal.to, to: refusal.to, unmet: detailed({ created: false }, unmetOf(def, refusal)) },
        refusal,
      );
    case 'no_path':
      return new MoveRefused(
        'gate_blocked',
        message,
        { record: refusal.record, from: refusal.created ? null : refusal.from, to: refusal.to, unmet: detailed(refusal, unmetOf(def, refusal)) },
        refusal,
      );
    case 'unmet': {
      const waiver = refusal.waiver && 'covered' in refusal.waiver ? { ...refusal.waiver, covered: detailed(refusal, refusal.waiver.covered) } : refusal.waiver;
      const unmet = detailed(refusal, refusal.unmet);
      return new MoveRefused('gate_blocked', message, { record: refusal.record, from: refusal.from, to: refusal.to, unmet, ...(waiver ? { waiver } : {}) }, refusal);
    }
  }
}

/**
 * A refusal as one line of an import report: what was refused, then each unmet criterion (with its
 * step when the walk had several). A row that would have made a new record names no key: the one
 * it was given is not kept.
 *
 * @example refusalReason(def, refusal) // "the new record can't move to Closed: 2 criteria unmet: Open → Resolved: resolve/cause: Say what caused it; …"
 */
export function refusalReason(def: DatabaseDef, refusal: MoveRefusal): string {
  const created = 'created' in refusal && refusal.created;
  const text = headline(def, refusal, created ? 'the new record' : refusal.record);
  const unmet = unmetOf(def, refusal);
  if (unmet.length === 0) return text;
  const tagged = walked(refusal);
  return `${text}: ${unmet.map((u) => `${tagged ? `${stepLabel(u.step)}: ` : ''}${u.gate}/${u.criterion}: ${u.message}`).join('; ')}`;
}

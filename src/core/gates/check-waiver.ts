import type { CelRecord, ExpressionCompiler } from '../cel/expression-compiler.ts';
import type { EvalHooks } from '../cel/record-environment.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import type { EosRecord } from '../records/eos-record.ts';
import type { UnmetCriterion } from './evaluate-gates.ts';

export interface WaiverCheck {
  /** Why the waiver can't be used at all, if it can't. */
  readonly invalid?: string;
  readonly covered: readonly UnmetCriterion[];
  readonly uncovered: readonly UnmetCriterion[];
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string')
    return value
      .split(/[;,\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

/** The end of the expiry: a date means the end of that day (UTC). */
function expiryOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const end = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value;
  const date = new Date(end);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Whether a name in the waiver covers an unmet criterion: `gate/criterion`, `criterion`, or a whole `gate`. */
function names(token: string, unmet: UnmetCriterion): boolean {
  return token === `${unmet.gate}/${unmet.criterion}` || token === unmet.criterion || token === unmet.gate;
}

export interface CheckWaiverOptions {
  readonly waiverDb: DatabaseDef;
  readonly waiver: EosRecord;
  readonly waiverView: CelRecord;
  readonly target: EosRecord;
  readonly unmet: readonly UnmetCriterion[];
  readonly compiler: ExpressionCompiler;
  readonly hooks: EvalHooks;
  readonly now: Date;
}

/**
 * A waiver lets a move pass only the criteria it names, and only while it is approved,
 * unexpired, has an approver, and names the record being moved (CONTRACT §4).
 */
export function checkWaiver(options: CheckWaiverOptions): WaiverCheck {
  const { waiverDb, waiver, target, unmet } = options;
  const mapping = waiverDb.waiver;
  const refuse = (invalid: string): WaiverCheck => ({ invalid, covered: [], uncovered: unmet });
  if (waiverDb.role !== 'waivers' || !mapping) return refuse(`${waiver.key} is not in a waivers database`);
  const approved = (() => {
    try {
      return options.compiler.compile(waiverDb.id, mapping.approvedWhen).evaluate({ record: options.waiverView, hooks: options.hooks, now: options.now }) === true;
    } catch {
      return false;
    }
  })();
  if (!approved) return refuse(`waiver ${waiver.key} is not approved (${mapping.approvedWhen})`);
  const approver = waiver.fields[mapping.approver];
  if (approver === null || approver === undefined || approver === '') return refuse(`waiver ${waiver.key} names no ${mapping.approver}`);
  const expires = expiryOf(waiver.fields[mapping.expires]);
  if (!expires) return refuse(`waiver ${waiver.key} has no ${mapping.expires} date`);
  if (expires.getTime() < options.now.getTime()) return refuse(`waiver ${waiver.key} expired on ${waiver.fields[mapping.expires]}`);
  const applies = asList(waiver.fields[mapping.record]);
  if (!applies.includes(target.key) && !applies.includes(target.id)) {
    return refuse(`waiver ${waiver.key} applies to ${applies.join(', ') || 'no record'}, not ${target.key}`);
  }
  const tokens = asList(waiver.fields[mapping.criteria]);
  const covered = unmet.filter((u) => tokens.some((t) => names(t, u)));
  return { covered, uncovered: unmet.filter((u) => !covered.includes(u)) };
}

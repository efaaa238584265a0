import type { CelRecord, ExpressionCompiler } from '../cel/expression-compiler.ts';
import type { EvalHooks } from '../cel/record-environment.ts';
import type { Gate } from '../pack/pack-schema.ts';

/** A criterion that does not hold, as the gate_blocked error lists it (CONTRACT §4). */
export interface UnmetCriterion {
  readonly gate: string;
  readonly criterion: string;
  readonly message: string;
  /** Why the criterion could not be evaluated, when it failed to evaluate. */
  readonly error?: string;
}

export interface EvaluateGatesOptions {
  readonly gates: readonly Gate[];
  readonly compiler: ExpressionCompiler;
  readonly database: string;
  readonly record: CelRecord;
  readonly hooks: EvalHooks;
  readonly now: Date;
}

/**
 * Evaluates every criterion of every gate and returns each one that does not hold. A criterion
 * holds only when it evaluates to true; one that fails to evaluate counts as unmet, with its error.
 *
 * @example evaluateGates({ gates, compiler, database: 'changes', record, hooks, now }) // [{ gate: 'close', criterion: 'rollback', … }]
 */
export function evaluateGates(options: EvaluateGatesOptions): UnmetCriterion[] {
  const unmet: UnmetCriterion[] = [];
  for (const gate of options.gates) {
    for (const c of gate.criteria) {
      const base = { gate: gate.id, criterion: c.id, message: c.message };
      try {
        const result = options.compiler.compile(options.database, c.check).evaluate(options);
        if (result === true) continue;
        unmet.push(result === false ? base : { ...base, error: `evaluated to ${String(result)}, not true or false` });
      } catch (error) {
        unmet.push({ ...base, error: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed' });
      }
    }
  }
  return unmet;
}

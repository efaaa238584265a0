import { messageProblems } from '../alerts/alert-message.ts';
import { ExpressionCompiler, ExpressionError } from '../cel/expression-compiler.ts';
import type { AlertRule } from './alert-rule-schema.ts';
import type { DatabaseDef } from './pack-schema.ts';

/** A semantic problem in one alert rule, located by its position and the path inside it. */
export interface AlertRuleProblem {
  readonly rule: string;
  /** The rule's position in the list given. */
  readonly index: number;
  readonly path: (string | number)[];
  readonly message: string;
}

/** The records the built-in flow signals read (the same ones `eos metrics` reads). */
const SIGNAL_NEEDS: Partial<Record<AlertRule['kind'], { database: string; fields: readonly string[] }>> = {
  escalation: { database: 'work-items', fields: ['Blocked Since', 'Blocked By'] },
  'retro-overdue': { database: 'retros', fields: ['Priority', 'Resolved At', 'Held At'] },
};

/**
 * Checks alert rules against the pack's databases: unique ids, a records rule's database and
 * `where`, a metric rule's `when` (metric() only), the records a flow signal reads, and every
 * message placeholder. Returns every problem.
 *
 * @example checkAlertRules(rules, pack.databases) // [{ rule: 'budget-burn', path: ['where'], message: "'record' has no field …" }]
 */
export function checkAlertRules(rules: readonly AlertRule[], databases: readonly DatabaseDef[]): AlertRuleProblem[] {
  const problems: AlertRuleProblem[] = [];
  const byId = new Map(databases.map((d) => [d.id, d]));
  const compiler = new ExpressionCompiler(databases);
  const seen = new Set<string>();
  const report = (rule: AlertRule, path: (string | number)[], message: string) => problems.push({ rule: rule.id, index: rules.indexOf(rule), path, message });
  const compile = (rule: AlertRule, path: string, build: () => unknown) => {
    try {
      return build();
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      for (const p of error.problems) report(rule, [path], `${path}: ${p}`);
      return undefined;
    }
  };
  for (const rule of rules) {
    if (seen.has(rule.id)) report(rule, ['id'], `duplicate alert rule '${rule.id}'`);
    seen.add(rule.id);
    let db: DatabaseDef | undefined;
    const extra: string[] = [];
    if (rule.kind === 'records') {
      db = byId.get(rule.database);
      if (!db) report(rule, ['database'], `alert '${rule.id}' watches a missing database '${rule.database}' (databases: ${[...byId.keys()].join(', ')})`);
      else compile(rule, 'where', () => compiler.compile(rule.database, rule.where));
      for (const [i, field] of (rule.people ?? []).entries()) {
        if (db && !db.fields.some((f) => f.name === field))
          report(rule, ['people', i], `people: '${rule.database}' has no field '${field}' (fields: ${db.fields.map((f) => f.name).join(', ')})`);
      }
    } else if (rule.kind === 'metric') {
      const compiled = compile(rule, 'when', () => compiler.compileMetricCondition(rule.when)) as ReturnType<ExpressionCompiler['compileMetricCondition']> | undefined;
      if (compiled && compiled.refs.metrics.length === 0) report(rule, ['when'], "when: a metric alert reads at least one metric('name', 'window')");
      for (const m of compiled?.refs.metrics ?? []) extra.push(`${m.name}@${m.window}`);
    }
    const needs = SIGNAL_NEEDS[rule.kind];
    if (needs) {
      const target = byId.get(needs.database);
      const missing = needs.fields.filter((f) => !target?.fields.some((field) => field.name === f));
      if (!target || missing.length > 0)
        report(
          rule,
          ['kind'],
          `an alert of kind ${rule.kind} reads the '${needs.database}' database with the fields ${needs.fields.join(', ')}; this pack has ${target ? `no ${missing.join(', ')}` : 'no such database'}`,
        );
    }
    for (const message of messageProblems(rule, db, extra)) report(rule, ['message'], message);
  }
  return problems;
}

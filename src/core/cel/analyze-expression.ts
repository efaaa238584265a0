import { gateMetricProblem, type MetricRef } from '../metrics/gate-metric.ts';
import { findInverse } from '../pack/inverse-relations.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import { relationDatabase } from '../pack/relation-targets.ts';
import { type AstNode, childNodes, identifier, isAstNode, stringLiteral } from './cel-ast.ts';
import { metricScopeRef } from './metric-scope-ref.ts';
import { RECORD_BUILTINS, SOP_VARIABLE } from './record-environment.ts';

/** What an expression reaches beyond its own record, so evaluation can preload it. */
export interface ExpressionRefs {
  readonly relatedFields: readonly string[];
  readonly counts: readonly { readonly database: string; readonly expr: string }[];
  readonly usesMetric: boolean;
  /** The `metric(name, window, scope?)` calls, so gate evaluation can compute them once beforehand. */
  readonly metrics: readonly MetricRef[];
  /** Whether it reads `sop`, the record's SOP checklist, so evaluation loads the record's ticks. */
  readonly usesSop: boolean;
  /** The actions `decided(action)` asks the decision log about, so evaluation loads them at once. */
  readonly decisions: readonly string[];
  /** The workspace flags `flag(name)` reads (alert rules firing, ADR 058), so evaluation loads them at once. */
  readonly flags: readonly string[];
}

const LIST_MACROS = new Set(['all', 'exists', 'exists_one', 'filter', 'map']);

export interface AnalyzeOptions {
  readonly ast: unknown;
  /** Which database each identifier (`record`, `r`, a macro's variable) stands for. */
  readonly bindings: ReadonlyMap<string, DatabaseDef>;
  readonly databases: ReadonlyMap<string, DatabaseDef>;
  /** Whether related(), count(), metric() and decided() may be called here. */
  readonly allowLookups: boolean;
}

export interface Analysis {
  readonly problems: string[];
  readonly refs: ExpressionRefs;
}

function fieldNames(db: DatabaseDef): Set<string> {
  return new Set<string>([...RECORD_BUILTINS, db.status.field, ...db.fields.map((f) => f.name)]);
}

/**
 * Walks a parsed expression and reports every field that the database doesn't have, every
 * related()/count() whose arguments aren't literal or don't name a relation or a database,
 * and what the expression reaches, so gates can preload it.
 */
export function analyzeExpression(options: AnalyzeOptions): Analysis {
  const problems: string[] = [];
  const relatedFields = new Set<string>();
  const counts: { database: string; expr: string }[] = [];
  let usesMetric = false;
  let usesSop = false;
  const decisionActions = new Set<string>();
  const flagNames = new Set<string>();
  const metrics: MetricRef[] = [];
  const self = options.bindings.get('record');

  const checkField = (objectNode: unknown, name: string | undefined, bindings: ReadonlyMap<string, DatabaseDef>) => {
    const variable = identifier(objectNode);
    if (variable === undefined || name === undefined) return;
    const db = bindings.get(variable);
    if (db && !fieldNames(db).has(name)) {
      problems.push(`'${variable}' has no field '${name}' (database ${db.id} has: ${db.fields.map((f) => f.name).join(', ')})`);
    }
  };

  const relationTarget = (call: AstNode): DatabaseDef | undefined => {
    const [fn, args] = call.args as [string, unknown[]];
    if (fn !== 'related' || !self) return undefined;
    const name = stringLiteral(args[0]);
    const field = self.fields.find((f) => f.name === name);
    if (field) return field.type === 'relation' ? relationDatabase(field, options.databases) : undefined;
    const inverse = name === undefined ? undefined : findInverse(options.databases, self.id, name);
    return inverse ? options.databases.get(inverse.source) : undefined;
  };

  const visitCall = (node: AstNode, bindings: ReadonlyMap<string, DatabaseDef>) => {
    const [fn, args] = node.args as [string, unknown[]];
    if (fn === 'related' || fn === 'pending' || fn === 'count' || fn === 'metric' || fn === 'decided' || fn === 'flag') {
      if (!options.allowLookups) problems.push(`${fn}() can't be used inside a count() filter`);
      // metric()'s third argument, its scope, is a map: checked by metricScopeRef.
      const literals = (fn === 'metric' ? args.slice(0, 2) : args).map(stringLiteral);
      if (literals.some((l) => l === undefined)) problems.push(`${fn}() takes string literals only, e.g. ${fn}('…')`);
      if (fn === 'metric') usesMetric = true;
      if (fn === 'decided' && literals[0] !== undefined) decisionActions.add(literals[0]);
      if (fn === 'flag' && literals[0] !== undefined) flagNames.add(literals[0]);
      if (fn === 'metric' && literals[0] !== undefined && literals[1] !== undefined) {
        const problem = gateMetricProblem(literals[0], literals[1]);
        const scope = metricScopeRef(args[2], self);
        if (problem) problems.push(problem);
        if ('problem' in scope) problems.push(`metric('${literals[0]}', '${literals[1]}', …): ${scope.problem}`);
        if (!problem && 'scope' in scope) metrics.push({ name: literals[0], window: literals[1], scope: scope.scope });
      }
      if ((fn === 'related' || fn === 'pending') && literals[0] !== undefined && self) {
        const field = self.fields.find((f) => f.name === literals[0]);
        // related() reads an inverse relation too (ADR 046); pending() only a relation's own references.
        const inverse = field ? undefined : findInverse(options.databases, self.id, literals[0]);
        if (inverse && fn === 'related') relatedFields.add(inverse.name);
        else if (inverse) problems.push(`pending('${literals[0]}'): '${literals[0]}' is an inverse relation of ${self.id}; only a relation field has pending references`);
        else if (field?.type !== 'relation') problems.push(`${fn}('${literals[0]}'): ${self.id} has no relation field '${literals[0]}'`);
        else if (fn === 'related') relatedFields.add(field.name);
      }
      if (fn === 'count' && literals[0] !== undefined && literals[1] !== undefined) {
        if (!options.databases.has(literals[0])) problems.push(`count('${literals[0]}', …): there is no database '${literals[0]}'`);
        else counts.push({ database: literals[0], expr: literals[1] });
      }
    }
    for (const child of childNodes(node)) visit(child, bindings);
  };

  const visit = (node: AstNode, bindings: ReadonlyMap<string, DatabaseDef>): void => {
    switch (node.op) {
      case 'id':
        if (node.args === SOP_VARIABLE && !bindings.has(SOP_VARIABLE)) usesSop = true;
        break;
      case '.': {
        const [object, name] = node.args as [unknown, string];
        checkField(object, name, bindings);
        break;
      }
      case '[]': {
        const [object, index] = node.args as [unknown, unknown];
        checkField(object, stringLiteral(index), bindings);
        break;
      }
      case 'call':
        visitCall(node, bindings);
        return;
      case 'rcall': {
        const [method, receiver, args] = node.args as [string, unknown, unknown[]];
        const variable = identifier(args[0]);
        const target = isAstNode(receiver) && receiver.op === 'call' ? relationTarget(receiver) : undefined;
        if (LIST_MACROS.has(method) && variable && target) {
          if (isAstNode(receiver)) visit(receiver, bindings);
          const inner = new Map(bindings).set(variable, target);
          for (const arg of args.slice(1)) if (isAstNode(arg)) visit(arg, inner);
          return;
        }
        break;
      }
    }
    for (const child of childNodes(node)) visit(child, bindings);
  };

  if (isAstNode(options.ast)) visit(options.ast, options.bindings);
  return { problems, refs: { relatedFields: [...relatedFields], counts, usesMetric, metrics, usesSop, decisions: [...decisionActions], flags: [...flagNames] } };
}

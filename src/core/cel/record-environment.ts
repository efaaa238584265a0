import { Environment } from '@marcbachmann/cel-js';
import { signedGo } from '../fields/signoff.ts';
import { type MetricScope, scopeFromCel } from '../metrics/gate-metric.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import { registerListAggregates } from './list-aggregates.ts';
import { registerNumericOperators } from './numeric-operators.ts';
import { registerRe2Matches } from './re2-matches.ts';

/** Keys every record exposes to CEL beside its fields (CONTRACT §4). */
export const RECORD_BUILTINS = ['id', 'key', 'status', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'] as const;

/** What a gate or formula may ask of the world while it evaluates; all answers are preloaded. */
export interface EvalHooks {
  related(field: string): readonly Record<string, unknown>[];
  count(database: string, expr: string): number;
  /** A delivery metric over the window ending now, for the workspace or the given scope. */
  metric(name: string, window: string, scope?: MetricScope): number;
  /** The references of a relation field that name no record yet. */
  pending(field: string): readonly string[];
  /** How many steps of its database's SOP the record has ticked, of how many (`sop` in CEL). */
  sop(): SopProgress;
  /** Whether the decision log holds a decision with this action about the record (`decided('release.go')`). */
  decided(action: string): boolean;
  /** Whether a workspace flag is on: `flag('quota-breaker')` is on while that alert rule fires (ADR 058). */
  flag(name: string): boolean;
}

export interface SopProgress {
  readonly done: number;
  readonly total: number;
}

/** The variable a gate reads a record's SOP checklist through: `sop.done == sop.total`. */
export const SOP_VARIABLE = 'sop';

export interface EnvironmentSlot {
  readonly env: Environment;
  hooks: EvalHooks | null;
}

/** The CEL schema of a record: every field and builtin, typed `dyn` because any may be null. */
export function recordSchema(db: DatabaseDef): Record<string, string> {
  const schema: Record<string, string> = {};
  for (const key of RECORD_BUILTINS) schema[key] = 'dyn';
  for (const field of db.fields) schema[field.name] = 'dyn';
  schema[db.status.field] = 'dyn';
  return schema;
}

/** `metric(name, window, {'team': record.Team})`: the scope is a one-entry map (analyze-expression checks its shape). */
const METRIC_WITH_SCOPE = 'metric(string, string, map<string, dyn>): double';

function noHooks(): never {
  throw new Error('related(), count() and metric() are not available here');
}

/**
 * The environment a database's gates and formulas run in: `record`, `now`, `sop`, and the
 * functions `related`, `count`, `metric`, `pending` and `decided`, whose answers come from the
 * hooks in the slot.
 */
export function createRecordEnvironment(db: DatabaseDef): EnvironmentSlot {
  const env = new Environment({ homogeneousAggregateLiterals: false, limits: { maxAstNodes: 5000 } });
  const slot: EnvironmentSlot = { env, hooks: null };
  const hooks = (): EvalHooks => slot.hooks ?? noHooks();
  env
    .registerVariable({ name: 'record', schema: recordSchema(db) })
    .registerVariable('now', 'google.protobuf.Timestamp')
    // Doubles, as record numbers are, so `sop.done / sop.total >= 0.5` divides as written.
    .registerVariable({ name: SOP_VARIABLE, schema: { done: 'double', total: 'double' } })
    .registerFunction('related(string): list<dyn>', (field: string) => hooks().related(field))
    .registerFunction('count(string, string): int', (database: string, expr: string) => BigInt(hooks().count(database, expr)))
    .registerFunction('metric(string, string): double', (name: string, window: string) => hooks().metric(name, window))
    .registerFunction(METRIC_WITH_SCOPE, (name: string, window: string, scope: unknown) => hooks().metric(name, window, scopeFromCel(scope)))
    .registerFunction('pending(string): list<string>', (field: string) => [...hooks().pending(field)])
    .registerFunction('decided(string): bool', (action: string) => hooks().decided(action))
    .registerFunction('signed(dyn): bool', signedGo)
    .registerFunction('flag(string): bool', (name: string) => hooks().flag(name));
  registerNumericOperators(env);
  registerListAggregates(env);
  registerRe2Matches(env);
  return slot;
}

/** The environment of a `count()` filter: each candidate as `r`, the gated record as `record`. */
export function createCountEnvironment(target: DatabaseDef, source: DatabaseDef): EnvironmentSlot {
  const env = new Environment({ homogeneousAggregateLiterals: false, limits: { maxAstNodes: 5000 } });
  env
    .registerVariable({ name: 'r', schema: recordSchema(target) })
    .registerVariable({ name: 'record', schema: recordSchema(source) })
    .registerVariable('now', 'google.protobuf.Timestamp')
    .registerFunction('signed(dyn): bool', signedGo);
  registerNumericOperators(env);
  registerListAggregates(env);
  registerRe2Matches(env);
  return { env, hooks: null };
}

/** The environment of an alert's metric condition: `metric()` and `now`, no record. */
export function createMetricEnvironment(): EnvironmentSlot {
  const env = new Environment({ homogeneousAggregateLiterals: false, limits: { maxAstNodes: 5000 } });
  const slot: EnvironmentSlot = { env, hooks: null };
  env
    .registerVariable('now', 'google.protobuf.Timestamp')
    .registerFunction('metric(string, string): double', (name: string, window: string) => (slot.hooks ?? noHooks()).metric(name, window))
    .registerFunction(METRIC_WITH_SCOPE, (name: string, window: string, scope: unknown) => (slot.hooks ?? noHooks()).metric(name, window, scopeFromCel(scope)));
  registerNumericOperators(env);
  registerListAggregates(env);
  registerRe2Matches(env);
  return slot;
}

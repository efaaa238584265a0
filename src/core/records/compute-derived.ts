import type { CelRecord, ExpressionCompiler } from '../cel/expression-compiler.ts';
import type { EvalHooks } from '../cel/record-environment.ts';
import type { FieldValue } from '../fields/parse-field-value.ts';
import type { DatabaseDef, FieldDef } from '../pack/pack-schema.ts';
import { fromCelValue } from './cel-view.ts';

function numbers(values: readonly unknown[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Aggregates one field over the linked records, as a Notion rollup would. */
export function rollup(field: FieldDef, linked: readonly CelRecord[]): FieldValue {
  const values = field.field ? linked.map((r) => r[field.field as string]) : linked;
  const nums = numbers(values);
  switch (field.aggregate) {
    case 'count':
      return field.field ? values.filter((v) => v !== null && v !== undefined && v !== '').length : linked.length;
    case 'sum':
      return nums.reduce((a, b) => a + b, 0);
    case 'avg':
      return nums.length > 0 ? nums.reduce((a, b) => a + b, 0) / nums.length : null;
    case 'min':
      return nums.length > 0 ? Math.min(...nums) : null;
    case 'max':
      return nums.length > 0 ? Math.max(...nums) : null;
    case 'all':
      return values.every((v) => v === true);
    case 'any':
      return values.some((v) => v === true);
    default:
      return null;
  }
}

export interface ComputeDerivedOptions {
  readonly db: DatabaseDef;
  /** The record as CEL sees it, before its derived values are refreshed. */
  readonly record: CelRecord;
  readonly hooks: EvalHooks;
  readonly compiler: ExpressionCompiler;
  readonly now: Date;
}

/**
 * Computes every rollup (over the linked records its `where` keeps, if it has one), then every formula (a formula may read a rollup or an earlier
 * formula), and returns the derived values by field name. A formula whose inputs are
 * missing (null) or that fails to evaluate is null.
 */
export function computeDerived(options: ComputeDerivedOptions): Record<string, FieldValue> {
  const { db, hooks, compiler, now } = options;
  const view: Record<string, unknown> = { ...options.record };
  const out: Record<string, FieldValue> = {};
  for (const field of db.fields) {
    if (field.type !== 'rollup' || !field.relation) continue;
    let linked = hooks.related(field.relation);
    const linkedId = field.where ? compiler.linkedDatabaseId(db.id, field.relation) : undefined;
    if (field.where && linkedId) {
      // A filtered rollup: only the linked records for which `where` holds (one that fails to evaluate doesn't).
      const filter = compiler.compileCount(linkedId, db.id, field.where);
      const self = options.record;
      linked = linked.filter((r) => {
        try {
          return filter.matches({ r, record: self, now });
        } catch {
          return false;
        }
      });
    }
    const value = rollup(field, linked);
    out[field.name] = value;
    view[field.name] = value;
  }
  const formulas = db.fields.filter((f) => f.type === 'formula' && f.expr);
  // Formulas may read each other; passes repeat until nothing changes (a chain of n needs n).
  for (let pass = 0; pass <= formulas.length; pass++) {
    let changed = false;
    for (const field of formulas) {
      let value: FieldValue;
      try {
        value = fromCelValue(compiler.compile(db.id, field.expr as string).evaluate({ record: view, hooks, now })) as FieldValue;
      } catch {
        value = null;
      }
      if (JSON.stringify(view[field.name] ?? null) !== JSON.stringify(value)) changed = true;
      out[field.name] = value;
      view[field.name] = value;
    }
    if (!changed && pass > 0) break;
  }
  return out;
}

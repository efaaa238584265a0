import { LruCache } from '../lru-cache.ts';
import { findInverse } from '../pack/inverse-relations.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import { targetsId, unionDatabase } from '../pack/relation-targets.ts';
import { type Analysis, analyzeExpression, type ExpressionRefs } from './analyze-expression.ts';
import { pointMatchesAtRe2 } from './re2-matches.ts';
import { createCountEnvironment, createMetricEnvironment, createRecordEnvironment, type EnvironmentSlot, type EvalHooks } from './record-environment.ts';

export type CelRecord = Readonly<Record<string, unknown>>;

/** A compiled gate criterion or formula, ready to run against a record many times. */
export interface CompiledExpression {
  readonly source: string;
  readonly refs: ExpressionRefs;
  /** The parsed expression, for translators (e.g. a `--where` filter to SQL). */
  readonly ast: unknown;
  evaluate(input: { readonly record: CelRecord; readonly hooks: EvalHooks; readonly now: Date }): unknown;
}

/** A compiled count() filter: it sees each candidate as `r` and the gated record as `record`. */
export interface CompiledCountFilter {
  readonly source: string;
  matches(input: { readonly r: CelRecord; readonly record: CelRecord; readonly now: Date }): boolean;
}

/** An expression that can't be used, with every reason. */
export class ExpressionError extends Error {
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super(`${problems.join('; ')} in: ${source}`);
    this.problems = problems;
  }
}

/** How many compiled expressions (and, apart, count() filters) one compiler keeps, least recently used dropped first. */
export const COMPILED_CACHE_SIZE = 1000;

type Parsed = ((context: Record<string, unknown>) => unknown) & { ast: unknown };

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/**
 * Compiles CEL for the databases of one pack, caching environments and expressions.
 *
 * @example
 * const compiler = new ExpressionCompiler(pack.databases)
 * const rule = compiler.compile('change-control', "record['Risk Level'] != null")
 * rule.evaluate({ record, hooks, now: new Date() }) // true
 */
export class ExpressionCompiler {
  readonly #databases: ReadonlyMap<string, DatabaseDef>;
  readonly #unions = new Map<string, DatabaseDef>();
  readonly #recordEnvs = new Map<string, EnvironmentSlot>();
  // Bounded: filters come from clients, and 9,000 distinct ones once kept ~124 MB (issue 11).
  readonly #compiled = new LruCache<string, CompiledExpression>(COMPILED_CACHE_SIZE);
  readonly #counts = new LruCache<string, CompiledCountFilter>(COMPILED_CACHE_SIZE);
  #metricSlot: EnvironmentSlot | undefined;

  constructor(databases: readonly DatabaseDef[]) {
    this.#databases = new Map(databases.map((db) => [db.id, db]));
  }

  /** A database by id; `a|b` (a relation into several) is the union of their fields. */
  #database(id: string): DatabaseDef {
    const db = this.#databases.get(id) ?? this.#unions.get(id);
    if (db) return db;
    const parts = id.split('|');
    const missing = parts.filter((p) => !this.#databases.has(p));
    if (parts.length < 2 || missing.length > 0) throw new ExpressionError(id, [`there is no database '${missing[0] ?? id}'`]);
    const union = unionDatabase(parts.map((p) => this.#databases.get(p) as DatabaseDef));
    this.#unions.set(id, union);
    return union;
  }

  /**
   * The id of the database whose records `related(name)` gives a record of `databaseId`: a
   * relation's target (or `a|b` for several), or an inverse relation's source.
   *
   * @example compiler.linkedDatabaseId('gate-reviews', 'Deliverables') // 'deliverables'
   */
  linkedDatabaseId(databaseId: string, name: string): string | undefined {
    const field = this.#databases.get(databaseId)?.fields.find((f) => f.name === name);
    if (field) return field.type === 'relation' ? targetsId(field) : undefined;
    return findInverse(this.#databases, databaseId, name)?.source;
  }

  #slot(db: DatabaseDef): EnvironmentSlot {
    let slot = this.#recordEnvs.get(db.id);
    if (!slot) {
      slot = createRecordEnvironment(db);
      this.#recordEnvs.set(db.id, slot);
    }
    return slot;
  }

  /** Parses, and points `matches` at RE2; a pattern RE2 refuses is an ExpressionError here. */
  #parse(slot: EnvironmentSlot, source: string): Parsed {
    let parsed: Parsed;
    try {
      parsed = slot.env.parse(source) as unknown as Parsed;
    } catch (error) {
      throw new ExpressionError(source, [firstLine(error instanceof Error ? error.message : String(error))]);
    }
    const problems = pointMatchesAtRe2(parsed.ast);
    if (problems.length > 0) throw new ExpressionError(source, problems);
    return parsed;
  }

  #check(slot: EnvironmentSlot, source: string, analysis: Analysis): void {
    const problems = [...analysis.problems];
    if (problems.length === 0) {
      const result = slot.env.check(source);
      if (!result.valid) problems.push(firstLine(result.error?.message ?? 'does not type-check'));
    }
    if (problems.length > 0) throw new ExpressionError(source, problems);
  }

  /** Compiles an expression over `record` of a database; throws ExpressionError listing every problem. */
  compile(databaseId: string, source: string): CompiledExpression {
    const cacheKey = `${databaseId}\u0000${source}`;
    const cached = this.#compiled.get(cacheKey);
    if (cached) return cached;
    const db = this.#database(databaseId);
    const slot = this.#slot(db);
    const parsed = this.#parse(slot, source);
    const analysis = analyzeExpression({
      ast: parsed.ast,
      bindings: new Map([['record', db]]),
      databases: this.#databases,
      allowLookups: true,
    });
    for (const { database, expr } of analysis.refs.counts) {
      try {
        this.compileCount(database, databaseId, expr);
      } catch (error) {
        if (error instanceof ExpressionError) analysis.problems.push(...error.problems.map((p) => `count('${database}'): ${p}`));
        else throw error;
      }
    }
    this.#check(slot, source, analysis);
    const compiled: CompiledExpression = {
      source,
      refs: analysis.refs,
      ast: parsed.ast,
      evaluate: ({ record, hooks, now }) => {
        const previous = slot.hooks;
        slot.hooks = hooks;
        try {
          // The checklist is read only by the expressions that name it: the others never load it.
          return parsed(analysis.refs.usesSop ? { record, now, sop: hooks.sop() } : { record, now });
        } finally {
          slot.hooks = previous;
        }
      },
    };
    this.#compiled.set(cacheKey, compiled);
    return compiled;
  }

  /** Compiles the inner filter of `count(targetId, source)` written in a gate of sourceId. */
  compileCount(targetId: string, sourceId: string, source: string): CompiledCountFilter {
    const cacheKey = `${targetId}\u0000${sourceId}\u0000${source}`;
    const cached = this.#counts.get(cacheKey);
    if (cached) return cached;
    const target = this.#database(targetId);
    const own = this.#database(sourceId);
    const slot = createCountEnvironment(target, own);
    const parsed = this.#parse(slot, source);
    const analysis = analyzeExpression({
      ast: parsed.ast,
      bindings: new Map([
        ['r', target],
        ['record', own],
      ]),
      databases: this.#databases,
      allowLookups: false,
    });
    this.#check(slot, source, analysis);
    const compiled: CompiledCountFilter = {
      source,
      matches: ({ r, record, now }) => parsed({ r, record, now }) === true,
    };
    this.#counts.set(cacheKey, compiled);
    return compiled;
  }

  /**
   * Compiles a condition over delivery metrics alone (an alert's `when`): `metric()` and `now`,
   * no record, so related() and count() are refused.
   *
   * @example compiler.compileMetricCondition("metric('changeFailureRate', '14d') > 0.10")
   */
  compileMetricCondition(source: string): CompiledExpression {
    const cacheKey = `\u0000metric\u0000${source}`;
    const cached = this.#compiled.get(cacheKey);
    if (cached) return cached;
    this.#metricSlot ??= createMetricEnvironment();
    const slot = this.#metricSlot;
    const parsed = this.#parse(slot, source);
    const analysis = analyzeExpression({ ast: parsed.ast, bindings: new Map(), databases: this.#databases, allowLookups: true });
    this.#check(slot, source, analysis);
    const compiled: CompiledExpression = {
      source,
      refs: analysis.refs,
      ast: parsed.ast,
      evaluate: ({ hooks, now }) => {
        const previous = slot.hooks;
        slot.hooks = hooks;
        try {
          return parsed({ now });
        } finally {
          slot.hooks = previous;
        }
      },
    };
    this.#compiled.set(cacheKey, compiled);
    return compiled;
  }
}

import { type SQL, sql } from 'drizzle-orm';
import { type AstNode, identifier, isAstNode, stringLiteral } from '../core/cel/cel-ast.ts';
import type { DatabaseDef } from '../core/pack/pack-schema.ts';
import { records } from './schema.ts';

type Literal = string | number | boolean | null;

const COLUMNS: Record<string, SQL> = { status: sql`${records.status}`, key: sql`${records.key}` };

function literal(node: unknown): { value: Literal } | undefined {
  if (!isAstNode(node) || node.op !== 'value') return undefined;
  const v = node.args;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? { value: Number(v) } : undefined;
  if (typeof v === 'string' || typeof v === 'boolean' || v === null || (typeof v === 'number' && Number.isFinite(v))) return { value: v };
  return undefined;
}

/** `record.X` or `record['X']`: the field (or builtin column) it names. */
function fieldRef(node: unknown, db: DatabaseDef): { column?: SQL; field?: string; temporal?: 'date' | 'datetime' } | undefined {
  if (!isAstNode(node)) return undefined;
  const [object, name] = node.args as [unknown, unknown];
  if (identifier(object) !== 'record') return undefined;
  const fieldName = node.op === '.' && typeof name === 'string' ? name : node.op === '[]' ? stringLiteral(name) : undefined;
  if (fieldName === undefined) return undefined;
  if (fieldName === db.status.field || COLUMNS[fieldName]) return { column: COLUMNS[fieldName] ?? COLUMNS.status };
  const field = db.fields.find((f) => f.name === fieldName);
  // A sign-off is null in CEL once stale (ADR 044): only the CEL path knows, so SQL leaves it alone.
  if (!field || field.type === 'signoff') return undefined;
  if (field.type === 'date' || field.type === 'datetime') return { field: field.name, temporal: field.type };
  return { field: field.name };
}

/** `timestamp('…')` with a literal: the instant, as ISO text, or undefined. */
function timestampLiteral(node: unknown): string | undefined {
  if (!isAstNode(node) || node.op !== 'call') return undefined;
  const [fn, args] = node.args as [string, unknown[]];
  const text = fn === 'timestamp' && args.length === 1 ? stringLiteral(args[0]) : undefined;
  const date = text ? new Date(text) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

const TEMPORAL_OPS: Record<string, SQL> = { '==': sql`=`, '<': sql`<`, '<=': sql`<=`, '>': sql`>`, '>=': sql`>=` };

/**
 * A date or date-time field against `timestamp('…')`. CEL compares instants; the field is stored
 * as ISO text (a date means midnight UTC), so it is cast the same way on both engines.
 */
function temporalComparison(node: AstNode, field: string, type: 'date' | 'datetime', instant: string): SQL | undefined {
  if (type === 'date') {
    const byDay = dayComparison(node.op, field, instant);
    if (byDay) return byDay;
  }
  const json = jsonOf(field);
  const text = sql`(${records.fields} ->> ${field})`;
  const value = type === 'date' ? sql`(${text} || 'T00:00:00Z')::timestamptz` : sql`${text}::timestamptz`;
  const isText = sql`jsonb_typeof(${json}) = 'string'`;
  // Equality across types is false in CEL, never an error; != of an unset field is true.
  if (node.op === '!=') return sql`not coalesce(${isText} and ${value} = ${instant}::timestamptz, false)`;
  const op = TEMPORAL_OPS[node.op];
  return op ? sql`coalesce(${isText} and ${value} ${op} ${instant}::timestamptz, false)` : undefined;
}

/**
 * A date field (stored as YYYY-MM-DD, midnight UTC) against an instant, as a comparison of the
 * stored text with the instant's day: no cast of every row to timestamptz (issue 13: the date
 * filter ran 4× the hand-written SQL on PGlite). The day text sorts as the days do in the "C"
 * collation. Undefined for an operator it doesn't cover or a year outside 0000–9999.
 */
function dayComparison(op: string, field: string, instant: string): SQL | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(instant)) return undefined;
  const day = instant.slice(0, 10);
  const midnight = instant.slice(10) === 'T00:00:00.000Z';
  const text = sql`(${records.fields} ->> ${field}) collate "C"`;
  const isText = sql`jsonb_typeof(${jsonOf(field)}) = 'string'`;
  const compare = (sqlOp: SQL) => sql`coalesce(${isText} and ${text} ${sqlOp} ${day}, false)`;
  switch (op) {
    case '==':
      return midnight ? compare(sql`=`) : sql`false`;
    case '!=':
      return midnight ? sql`not ${compare(sql`=`)}` : sql`true`;
    case '<':
      return compare(midnight ? sql`<` : sql`<=`);
    case '<=':
      return compare(sql`<=`);
    case '>':
      return compare(sql`>`);
    case '>=':
      return compare(midnight ? sql`>=` : sql`>`);
    default:
      return undefined;
  }
}

function jsonOf(field: string): SQL {
  return sql`(${records.fields} -> ${field})`;
}

const ORDERING: Record<string, SQL> = { '<': sql`<`, '<=': sql`<=`, '>': sql`>`, '>=': sql`>=` };

function comparison(node: AstNode, db: DatabaseDef): SQL | undefined {
  const [left, right] = node.args as [unknown, unknown];
  const ref = fieldRef(left, db);
  // A date compares as a timestamp; only `== null` / `!= null` go the generic way.
  if (ref?.temporal && literal(right)?.value !== null) {
    const instant = timestampLiteral(right);
    return instant && ref.field ? temporalComparison(node, ref.field, ref.temporal, instant) : undefined;
  }
  const lit = literal(right);
  if (!ref || !lit) return undefined;
  const { value } = lit;
  if (ref.column) {
    if (typeof value !== 'string') return undefined;
    if (node.op === '==') return sql`(${ref.column} = ${value})`;
    if (node.op === '!=') return sql`(${ref.column} <> ${value})`;
    return undefined;
  }
  const json = jsonOf(ref.field ?? '');
  const encoded = JSON.stringify(value);
  // An unset field is null in CEL: null == null is true, null != x is true.
  if (node.op === '==') return value === null ? sql`(${json} is null or ${json} = 'null'::jsonb)` : sql`coalesce(${json} = ${encoded}::jsonb, false)`;
  if (node.op === '!=') return value === null ? sql`(${json} is not null and ${json} <> 'null'::jsonb)` : sql`(${json} is null or ${json} <> ${encoded}::jsonb)`;
  const op = ORDERING[node.op];
  // CEL orders numbers only; a null or a non-number fails to evaluate, which excludes the record.
  if (op && typeof value === 'number') return sql`coalesce(jsonb_typeof(${json}) = 'number' and ${json} ${op} ${encoded}::jsonb, false)`;
  return undefined;
}

function membership(node: AstNode, db: DatabaseDef): SQL | undefined {
  const [left, right] = node.args as [unknown, unknown];
  // 'x' in record.Tags: a list field contains the string.
  const needle = literal(left);
  const listRef = fieldRef(right, db);
  if (needle && typeof needle.value === 'string' && listRef?.field && !listRef.temporal) {
    return sql`coalesce(jsonb_typeof(${jsonOf(listRef.field)}) = 'array' and jsonb_exists(${jsonOf(listRef.field)}, ${needle.value}), false)`;
  }
  // record.Risk in ['Low', 'High']: a scalar field is one of the strings.
  const ref = fieldRef(left, db);
  if (ref && !ref.temporal && isAstNode(right) && right.op === 'list' && Array.isArray(right.args)) {
    const values = right.args.map(literal);
    if (values.some((v) => !v || typeof v.value !== 'string')) return undefined;
    const strings = values.map((v) => String(v?.value));
    if (strings.length === 0) return sql`false`;
    const target = ref.column ?? sql`(${records.fields} ->> ${ref.field ?? ''})`;
    const guard = ref.column ? sql`true` : sql`jsonb_typeof(${jsonOf(ref.field ?? '')}) = 'string'`;
    return sql`coalesce(${guard} and ${target} in (${sql.join(
      strings.map((s) => sql`${s}`),
      sql`, `,
    )}), false)`;
  }
  return undefined;
}

/**
 * Whether a subtree can't fail to evaluate in CEL, so `!` over its SQL form means the same.
 * Equality never fails (across types it is false); ordering a null, or `'x' in null`, does.
 */
function negatable(node: unknown): boolean {
  if (!isAstNode(node)) return false;
  switch (node.op) {
    case '==':
    case '!=':
      return true;
    case 'in':
      return isAstNode((node.args as unknown[])[1]) && ((node.args as AstNode[])[1] as AstNode).op === 'list';
    case '&&':
    case '||':
      return (node.args as unknown[]).every(negatable);
    case '!_':
      return negatable(node.args);
    case 'value':
      return typeof node.args === 'boolean';
    default:
      return false;
  }
}

function translate(node: unknown, db: DatabaseDef): SQL | undefined {
  if (!isAstNode(node)) return undefined;
  switch (node.op) {
    case '&&':
    case '||': {
      const [a, b] = (node.args as unknown[]).map((n) => translate(n, db));
      if (!a || !b) return undefined;
      return node.op === '&&' ? sql`(${a} and ${b})` : sql`(${a} or ${b})`;
    }
    case '!_': {
      if (!negatable(node.args)) return undefined;
      const translated = translate(node.args, db);
      return translated ? sql`(not ${translated})` : undefined;
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparison(node, db);
    case 'in':
      return membership(node, db);
    case 'value':
      return node.args === true ? sql`true` : node.args === false ? sql`false` : undefined;
    default:
      return undefined;
  }
}

/**
 * Translates a `--where` filter to SQL over `records` when it only compares fields with
 * literals (==, !=, <, <=, >, >=, in, &&, ||, and ! over equality), with CEL's meaning for
 * unset fields; returns undefined for anything else, which is then evaluated as CEL.
 *
 * @example celToSql(compiled.ast, db) // sql`coalesce((fields -> 'Points') ... >= '3'::jsonb, false)`
 */
export function celToSql(ast: unknown, db: DatabaseDef): SQL | undefined {
  return translate(ast, db);
}

import { invalidInput } from './errors.ts';

/**
 * The documented limits on what a client may send (docs/api.md "Limits"; ADR 055). They are checked
 * at the HTTP boundary and again in the use cases, so the CLI and imports meet the same ones; a value
 * over a limit is refused with 400 invalid_input naming the field and the limit, before any SQL runs.
 */
export const LIMITS = {
  /** Characters in a record's title (PostgreSQL indexes titles; an index entry holds at most 2,704 bytes). */
  titleLength: 500,
  /** Characters in any other string a record field holds. */
  textLength: 100_000,
  /** Nesting of arrays and objects in a JSON body or a field value. */
  nestingDepth: 32,
  /** Items in one field's list (options, people, relations, files). */
  listLength: 1_000,
  /** Characters in a record reference: a key, an exact title, or database/key. */
  keyLength: 600,
  /** Characters in a `where` filter or a search query. */
  queryLength: 4_000,
} as const;

export type LimitName = keyof typeof LIMITS;

/** What is wrong with one value a client sent, and where. */
export interface InputProblem {
  readonly field: string;
  readonly message: string;
  readonly limit?: { readonly name: LimitName; readonly value: number };
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one: linear, no backtracking.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string can't be stored as text (a NUL byte, a lone UTF-16 surrogate), or undefined. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'holds a NUL byte (\\u0000), which text cannot contain';
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `holds a lone UTF-16 surrogate (\\u${(lone[0].codePointAt(0) ?? 0).toString(16).toUpperCase()} at index ${lone.index}), which is not Unicode text`;
  return undefined;
}

function overLimit(field: string, name: LimitName, what: string): InputProblem {
  const value = LIMITS[name];
  return { field, message: `${what} is over the limit of ${value.toLocaleString('en-US')}`, limit: { name, value } };
}

/** A field path: `fields.Tags[3]`, `body.details.x`. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

export interface WalkOptions {
  /** The longest string allowed anywhere in the value (default: textLength); undefined for no limit. */
  readonly maxText?: number | undefined;
  /** The longest list allowed (default: none; record field values use listLength). */
  readonly maxList?: number | undefined;
}

/**
 * The first problem in a JSON-like value: nesting deeper than the limit, a NUL byte or lone surrogate
 * in any string or key, and (when asked) a string or list over its limit. Iterative, so a 100,000-deep
 * array is refused without overflowing the stack.
 *
 * @example jsonProblem({ Title: 'a\u0000b' }, 'fields') // { field: 'fields.Title', message: 'holds a NUL byte …' }
 */
export function jsonProblem(value: unknown, field: string, options: WalkOptions = {}): InputProblem | undefined {
  const maxText = 'maxText' in options ? options.maxText : LIMITS.textLength;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: field, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    const v = item.value;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { field: item.path || 'body', message: problem };
      if (maxText !== undefined && v.length > maxText) return overLimit(item.path || 'body', 'textLength', `its length (${v.length.toLocaleString('en-US')} characters)`);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (item.depth >= LIMITS.nestingDepth) return overLimit(item.path || 'body', 'nestingDepth', `its nesting depth (more than ${LIMITS.nestingDepth})`);
    if (Array.isArray(v)) {
      if (options.maxList !== undefined && v.length > options.maxList) return overLimit(item.path, 'listLength', `its list length (${v.length.toLocaleString('en-US')} items)`);
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: childPath(item.path, i), depth: item.depth + 1 });
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      const keyProblem = textProblem(key);
      if (keyProblem) return { field: childPath(item.path, '(a key)'), message: `a key ${keyProblem}` };
      stack.push({ value: child, path: childPath(item.path, key), depth: item.depth + 1 });
    }
  }
  return undefined;
}

/** Throws the problem as invalid_input: the message names the field and the limit; details carry both. */
export function refuseProblem(problem: InputProblem, hint?: string): never {
  const limit = problem.limit ? { limit: problem.limit.value, limitName: problem.limit.name } : {};
  throw invalidInput(`${problem.field}: ${problem.message}${hint ? `; ${hint}` : ''}`, { field: problem.field, ...limit });
}

/** Refuses a value with a problem (see jsonProblem). */
export function assertJson(value: unknown, field: string, options: WalkOptions = {}): void {
  const problem = jsonProblem(value, field, options);
  if (problem) refuseProblem(problem);
}

/**
 * Refuses a string that is over `limit` characters or can't be stored as text.
 *
 * @example assertText(where, 'where', 'queryLength')
 */
export function assertText(text: string, field: string, limit: LimitName): void {
  const problem = textProblem(text);
  if (problem) refuseProblem({ field, message: problem });
  if (text.length > LIMITS[limit]) refuseProblem(overLimit(field, limit, `its length (${text.length.toLocaleString('en-US')} characters)`));
}

/**
 * Why a field value can't be stored (NUL, lone surrogate, over the title or text length, a list over
 * its length), or undefined. Every write parses its values through parseSet, which asks this, so the
 * API, the CLI and imports meet one set of limits.
 *
 * @example setValueProblem('Title', 'x'.repeat(501), { title: true }) // "its length (501 characters) is over the limit of 500 for a title"
 */
export function setValueProblem(value: string | readonly string[], options: { readonly title: boolean }): string | undefined {
  const items = typeof value === 'string' ? [value] : value;
  if (items.length > LIMITS.listLength) return `its list of ${items.length.toLocaleString('en-US')} items is over the limit of ${LIMITS.listLength.toLocaleString('en-US')}`;
  const max = options.title ? LIMITS.titleLength : LIMITS.textLength;
  for (const item of items) {
    const problem = textProblem(item);
    if (problem) return problem;
    if (item.length > max)
      return `its length (${item.length.toLocaleString('en-US')} characters) is over the limit of ${max.toLocaleString('en-US')}${options.title ? ' for a title' : ''}`;
  }
  return undefined;
}

/** Why a parsed list is too long, or undefined (a `;`-separated value becomes a list only once parsed). */
export function listProblem(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length <= LIMITS.listLength) return undefined;
  return `its list of ${value.length.toLocaleString('en-US')} items is over the limit of ${LIMITS.listLength.toLocaleString('en-US')}`;
}

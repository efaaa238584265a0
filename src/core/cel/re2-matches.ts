import type { Environment } from '@marcbachmann/cel-js';
import { RE2JS } from 're2js';
import { LruCache } from '../lru-cache.ts';
import { type AstNode, childNodes, isAstNode, stringLiteral } from './cel-ast.ts';

/**
 * CEL's `string.matches(pattern)` is specified as RE2: linear time in the input, no backreferences,
 * no lookaround. cel-js runs it with JavaScript's backtracking RegExp, where `'aaaa…!'.matches('^(a+)+$')`
 * takes exponential time, so eos renames every `matches` call to this RE2 implementation
 * (re2js) before an expression runs. See docs/decisions/054-linear-time-regular-expressions.md.
 */
export const RE2_MATCHES = 're2Matches';

/** How many distinct compiled patterns are kept (patterns may come from record values). */
export const REGEX_CACHE_SIZE = 1000;

const compiled = new LruCache<string, RE2JS>(REGEX_CACHE_SIZE);

/** Why RE2 refuses a pattern, in words a pack author can act on; undefined when it compiles. */
export function re2Problem(pattern: string): string | undefined {
  try {
    compiledPattern(pattern);
    return undefined;
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return `matches('${pattern}'): RE2 can't take this pattern (${detail}); eos regular expressions are RE2 (linear time): no backreferences, no lookahead or lookbehind`;
  }
}

function compiledPattern(pattern: string): RE2JS {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = RE2JS.compile(pattern);
    compiled.set(pattern, regex);
  }
  return regex;
}

/**
 * Whether `pattern` matches anywhere in `text`, in time linear in the text (RE2 semantics, as CEL's
 * `matches`). Throws on a pattern RE2 refuses.
 *
 * @example re2Matches('aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', '^(a+)+$') // false, at once
 */
export function re2Matches(text: string, pattern: string): boolean {
  let regex: RE2JS;
  try {
    regex = compiledPattern(pattern);
  } catch {
    throw new Error(re2Problem(pattern));
  }
  return regex.matcher(text).find();
}

/** Registers the RE2 `matches` under its internal name in a CEL environment. */
export function registerRe2Matches(env: Environment): void {
  env.registerFunction(`string.${RE2_MATCHES}(string): bool`, (text: string, pattern: string) => re2Matches(text, pattern));
}

function isMatchesCall(node: AstNode): boolean {
  return node.op === 'rcall' && Array.isArray(node.args) && node.args[0] === 'matches';
}

/**
 * Points every `x.matches(p)` of a parsed expression at the RE2 implementation, and returns the
 * problems of its literal patterns (a backreference or a lookaround is refused when the expression
 * is compiled, not when it first runs).
 */
export function pointMatchesAtRe2(ast: unknown): string[] {
  const problems: string[] = [];
  const visit = (node: unknown): void => {
    if (!isAstNode(node)) return;
    if (isMatchesCall(node)) {
      const args = node.args as unknown[];
      args[0] = RE2_MATCHES;
      const pattern = stringLiteral((args[2] as unknown[] | undefined)?.[0]);
      const problem = pattern === undefined ? undefined : re2Problem(pattern);
      if (problem) problems.push(problem);
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(ast);
  return problems;
}

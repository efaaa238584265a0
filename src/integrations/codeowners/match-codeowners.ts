import type { CodeownersRule } from './parse-codeowners.ts';

const escapeRegex = (s: string) => s.replace(/[.+^${}()|\\]/g, '\\$&');

function segmentRegex(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i] as string;
    if (ch === '\\' && i + 1 < segment.length) {
      out += escapeRegex(segment[i + 1] as string);
      i++;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += escapeRegex(ch);
  }
  return out;
}

/**
 * A CODEOWNERS pattern as a regular expression over repository paths (no leading slash).
 * gitignore rules, with GitHub's documented exceptions: a pattern with a slash at its start
 * or middle is anchored at the root, others match at any depth; a match on a folder owns
 * everything below it, except after a trailing `/*`, which owns that folder's own files only.
 *
 * @example patternRegex('docs/*').test('docs/a.md') // true, but not 'docs/build/a.md'
 */
export function patternRegex(pattern: string): RegExp {
  const dirOnly = pattern.endsWith('/');
  const body = pattern.replace(/^\//, '').replace(/\/$/, '');
  const anchored = pattern.startsWith('/') || body.includes('/');
  const segments = body.split('/');
  let re = anchored ? '^' : '^(?:.*/)?';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') re += last ? '.*' : '(?:.*/)?';
    else re += segmentRegex(segment) + (last ? '' : '/');
  });
  const last = segments[segments.length - 1];
  if (last === '**') return new RegExp(`${re}$`);
  if (last === '*' && segments.length > 1) return new RegExp(`${re}$`);
  return new RegExp(dirOnly ? `${re}/.*$` : `${re}(?:/.*)?$`);
}

/** A rule set compiled once, to answer "who owns this path?" many times. */
export interface OwnershipMatcher {
  /** The rule that decides `path` (the last one matching, as on GitHub), if any. */
  ruleFor(path: string): CodeownersRule | undefined;
  ownersOf(path: string): readonly string[];
}

export function matchCodeowners(rules: readonly CodeownersRule[]): OwnershipMatcher {
  const compiled = rules.map((rule) => ({ rule, re: patternRegex(rule.pattern) }));
  const ruleFor = (path: string) => {
    const clean = path.replace(/^\/+/, '');
    for (let i = compiled.length - 1; i >= 0; i--) {
      const c = compiled[i];
      if (c?.re.test(clean)) return c.rule;
    }
    return undefined;
  };
  return { ruleFor, ownersOf: (path) => ruleFor(path)?.owners ?? [] };
}

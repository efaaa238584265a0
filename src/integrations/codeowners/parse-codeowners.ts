/** One rule of a CODEOWNERS file: a pattern and who owns what it matches (none = unowned). */
export interface CodeownersRule {
  readonly line: number;
  readonly pattern: string;
  readonly owners: readonly string[];
}

export interface CodeownersProblem {
  readonly line: number;
  readonly message: string;
}

export interface Codeowners {
  readonly rules: readonly CodeownersRule[];
  readonly problems: readonly CodeownersProblem[];
}

const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TEAM = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9_.-]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** `@org/team` owners are teams; `@user` and e-mail owners are people. */
export const isTeam = (owner: string) => TEAM.test(owner);

/** Splits on unescaped whitespace and cuts an inline `#` comment (GitHub allows `pattern @o # note`). */
function tokens(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '\\' && i + 1 < line.length) {
      current += line.slice(i, i + 2);
      i++;
    } else if (ch === '#') break;
    else if (/\s/.test(ch)) {
      if (current) out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

function patternProblem(pattern: string): string | undefined {
  if (pattern.startsWith('!')) return `'${pattern}': negated patterns (!) are not supported in CODEOWNERS`;
  if (/\[|\]/.test(pattern)) return `'${pattern}': character ranges ([…]) are not supported in CODEOWNERS`;
  return undefined;
}

function ownerProblem(owners: readonly string[]): string | undefined {
  const bad = owners.filter((o) => !(USER.test(o) || TEAM.test(o) || EMAIL.test(o)));
  if (bad.length === 0) return undefined;
  return `${bad.map((o) => `'${o}'`).join(', ')} ${bad.length === 1 ? 'is not an owner' : 'are not owners'}: write @user, @org/team or an e-mail`;
}

/**
 * Parses a CODEOWNERS file with GitHub's rules: `#` starts a comment, each other line is a
 * gitignore-style pattern and its owners (`@user`, `@org/team` or an e-mail), and a pattern
 * with no owners leaves its paths unowned. GitHub skips lines it can't read; eos reports
 * every one of them, with its line number.
 *
 * @example parseCodeowners('*.js @acme/web\n/docs/ docs@acme.io').rules[0] // { line: 1, pattern: '*.js', owners: ['@acme/web'] }
 */
export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    const [pattern, ...owners] = tokens(raw);
    const problem = pattern ? (patternProblem(pattern) ?? ownerProblem(owners)) : undefined;
    if (problem) problems.push({ line, message: problem });
    else if (pattern) rules.push({ line, pattern, owners });
  }
  return { rules, problems };
}

import { describe, expect, it } from 'vitest';
import { matchCodeowners, patternRegex } from './match-codeowners.ts';
import { parseCodeowners } from './parse-codeowners.ts';

// GitHub's documented example file (about-code-owners), lightly trimmed.
const GITHUB_EXAMPLE = `# This is a comment.
# Each line is a file pattern followed by one or more owners.

# These owners will be the default owners for everything in the repo.
*       @global-owner1 @global-owner2

*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
`;

describe('CODEOWNERS', () => {
  const { rules, problems } = parseCodeowners(GITHUB_EXAMPLE);
  const owners = matchCodeowners(rules);

  it('reads patterns and owners, skipping comments, blank lines and inline comments', () => {
    expect(problems).toEqual([]);
    expect(rules.slice(0, 3)).toEqual([
      { line: 5, pattern: '*', owners: ['@global-owner1', '@global-owner2'] },
      { line: 7, pattern: '*.js', owners: ['@js-owner'] },
      { line: 8, pattern: '*.go', owners: ['docs@example.com'] },
    ]);
    expect(rules.at(-1)).toEqual({ line: 17, pattern: '/apps/github', owners: [] });
  });

  it('the last matching pattern wins, as on GitHub', () => {
    expect(owners.ownersOf('README.md')).toEqual(['@global-owner1', '@global-owner2']);
    expect(owners.ownersOf('src/index.js')).toEqual(['@js-owner']);
    expect(owners.ownersOf('notes/a.txt')).toEqual(['@octo-org/octocats']);
    expect(owners.ownersOf('build/logs/today.log')).toEqual(['@octocat']); // **/logs comes later than /build/logs/
    expect(owners.ownersOf('deeply/nested/logs/x/y.log')).toEqual(['@octocat']);
    expect(owners.ownersOf('scripts/deploy.sh')).toEqual(['@doctocat', '@octocat']);
    expect(owners.ownersOf('apps/web/main.go')).toEqual(['@octocat']);
    expect(owners.ownersOf('apps/github/main.go')).toEqual([]); // a pattern with no owners unowns
    expect(owners.ruleFor('apps/github/main.go')?.line).toBe(17);
  });

  it('docs/* owns the folder’s own files only; /docs/ owns everything below', () => {
    expect(patternRegex('docs/*').test('docs/getting-started.md')).toBe(true);
    expect(patternRegex('docs/*').test('docs/build-app/troubleshooting.md')).toBe(false);
    expect(patternRegex('/docs/').test('docs/build-app/troubleshooting.md')).toBe(true);
    expect(patternRegex('/docs/').test('src/docs/a.md')).toBe(false);
    expect(patternRegex('apps/').test('src/apps/a.ts')).toBe(true);
    expect(patternRegex('apps/').test('apps')).toBe(false); // a folder pattern: the file 'apps' is not under it
    expect(patternRegex('/build/logs/').test('x/build/logs/a')).toBe(false);
    expect(patternRegex('src/**/test').test('src/test/a.ts')).toBe(true);
    expect(patternRegex('src/**/test').test('src/a/b/test/c.ts')).toBe(true);
    expect(patternRegex('lib/**').test('lib/a/b.ts')).toBe(true);
    expect(patternRegex('*.md').test('a/b/README.md')).toBe(true);
    expect(patternRegex('?.md').test('ab.md')).toBe(false);
    expect(patternRegex('config.yml').test('a/config.yml')).toBe(true);
    expect(patternRegex('/config.yml').test('a/config.yml')).toBe(false);
  });

  it('reports every line GitHub would reject, with its number', () => {
    const bad = parseCodeowners('*.js @ok\n!secret.txt @a\n*.[ch] @b\n/x @not an owner@\n/y @org/team-1 @user\n');
    expect(bad.problems).toEqual([
      { line: 2, message: "'!secret.txt': negated patterns (!) are not supported in CODEOWNERS" },
      { line: 3, message: "'*.[ch]': character ranges ([…]) are not supported in CODEOWNERS" },
      { line: 4, message: "'an', 'owner@' are not owners: write @user, @org/team or an e-mail" },
    ]);
    expect(bad.rules.map((r) => r.line)).toEqual([1, 5]);
  });
});

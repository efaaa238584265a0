import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

// ADR 065: bin/eos.js runs JavaScript compiled from src/, built on first run and whenever a source it
// was built from changes. Here on a copy of the repository, so its sources can be edited.
describe('the compiled CLI (bin/compiled-entry.js)', () => {
  let repo: string;
  let cache: string;

  const eos = (...args: string[]) => run(process.execPath, [join(repo, 'bin/eos.js'), ...args], { env: { ...process.env, EOS_BUILD_CACHE: cache, EOS_HOME: join(repo, 'home') } });
  const current = () => JSON.parse(readFileSync(join(cache, 'current.json'), 'utf8')) as { dir: string; inputs: [string, number, number][] };
  const builds = () => readdirSync(cache).filter((entry) => entry.startsWith('build-'));

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'eos-compiled-'));
    cache = join(repo, 'cache');
    for (const path of ['bin', 'src', 'tsconfig.json', 'package.json']) cpSync(join(ROOT, path), join(repo, path), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('builds once when three processes start together on no build, and each runs it', async () => {
    const answers = await Promise.all([eos('--version'), eos('--version'), eos('--version')]);
    expect(answers.map((a) => [a.stdout, a.stderr])).toEqual([
      ['0.1.0\n', ''],
      ['0.1.0\n', ''],
      ['0.1.0\n', ''],
    ]);
    expect(builds()).toEqual([current().dir]);
    expect(current().inputs.map(([path]) => path)).toEqual(expect.arrayContaining(['src/cli/main.ts', 'src/cli/command-table.ts', 'bin/compiled-entry.js', 'tsconfig.json']));
  });

  it('reuses the build while the sources are unchanged', async () => {
    const before = current().dir;
    expect((await eos('--version')).stdout).toBe('0.1.0\n');
    expect(current().dir).toBe(before);
  });

  it('builds again after a source edit, and runs the edited source', async () => {
    const before = current().dir;
    const main = join(repo, 'src/cli/main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace(".version('0.1.0')", ".version('0.1.0-edited')"));
    expect((await eos('--version')).stdout).toBe('0.1.0-edited\n');
    expect(current().dir).not.toBe(before);
    // The replaced build stays a while for processes still loading chunks from it.
    expect(builds().sort()).toEqual([before, current().dir].sort());
  });

  it('picks up an edit to a module that only one command loads', async () => {
    const db = join(repo, 'src/cli/commands/db-commands.ts');
    writeFileSync(db, readFileSync(db, 'utf8').replace(".description('list databases')", ".description('EDITED list databases')"));
    const { stdout } = await eos('db', '--help');
    expect(stdout).toMatch(/list \[options\]\s+EDITED list databases\n/);
  });

  it('builds again when its build folder is gone', async () => {
    rmSync(join(cache, current().dir), { recursive: true });
    expect((await eos('--version')).stdout).toBe('0.1.0-edited\n');
    expect(readdirSync(join(cache, current().dir))).toContain('main.js');
  });
});

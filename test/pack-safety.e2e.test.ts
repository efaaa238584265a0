import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from './support/run-cli.ts';
import { MINI_PACK } from './support/workspace.ts';

function json<T>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}

/** A copy of the mini pack to break; `edit` changes one of its files. */
function packCopy(edit: (dir: string) => void): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'eos-pack-')), 'pack');
  cpSync(MINI_PACK, dir, { recursive: true });
  edit(dir);
  return dir;
}

function setStarter(dir: string, starter: string): void {
  const file = join(dir, 'databases/changes.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('starter: changes.csv', `starter: ${starter}`));
}

const env = () => ({ EOS_HOME: mkdtempSync(join(tmpdir(), 'eos-home-')), EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0' });

type Problems = { error: { code: string; message: string; problems: { file: string; line: number; message: string }[] } };

describe('packs name only their own files, and eos init is all or nothing (issue 11, point 7; real processes)', { timeout: 300_000 }, () => {
  it('refuses a starter path that climbs out of the pack: exit 2, file and line', async () => {
    const pack = packCopy((dir) => setStarter(dir, '../../../../etc/hostname'));
    const result = await runCli(['init', '--pack', pack, '--demo', '--json'], env());
    expect(result.code).toBe(2);
    expect(json<Problems>(result).error.problems).toEqual([
      { file: 'databases/changes.yaml', line: 58, message: 'starter: a starter is a path inside the pack folder, e.g. starters/changes.csv (no leading / and no ..)' },
    ]);
  });

  it('refuses a starter that is a symlink to a file outside the pack, and writes nothing', async () => {
    const pack = packCopy((dir) => symlinkSync('/etc/hostname', join(dir, 'host.csv')));
    setStarter(pack, 'host.csv');
    const home = env();
    const result = await runCli(['init', '--pack', pack, '--demo', '--json'], home);
    expect(result.code).toBe(2);
    const error = json<Problems>(result).error;
    expect(error.code).toBe('invalid_input');
    expect(error.problems).toEqual([
      {
        file: 'host.csv',
        line: 1,
        message: expect.stringMatching(/^the starter of changes is host\.csv, which resolves to \/etc\/hostname, outside the pack folder .+: a pack may only name its own files$/),
      },
    ]);
    expect((await runCli(['init', '--pack', MINI_PACK, '--json'], home)).code).toBe(0);
  });

  it('refuses a pack YAML file that is a symlink out of the pack', async () => {
    const outside = join(mkdtempSync(join(tmpdir(), 'eos-outside-')), 'extra.yaml');
    writeFileSync(outside, 'id: extra\n');
    const pack = packCopy((dir) => symlinkSync(outside, join(dir, 'databases/extra.yaml')));
    const result = await runCli(['init', '--pack', pack, '--json'], env());
    expect(result.code).toBe(2);
    expect(json<Problems>(result).error.problems[0]?.message).toMatch(/^a pack file is databases\/extra\.yaml, which resolves to .+extra\.yaml, outside the pack folder/);
  });

  it('a demo whose starter fails leaves no workspace, and the retry with a fixed starter works', async () => {
    const pack = packCopy((dir) => writeFileSync(join(dir, 'changes.csv'), 'Title,Risk Level\nGood,Low\nBad,Enormous\n'));
    const home = env();
    const failed = await runCli(['init', '--pack', pack, '--demo', '--json'], home);
    expect(failed.code).toBe(2);
    expect(json<Problems>(failed).error.code).toBe('invalid_input');
    const list = await runCli(['db', 'list', '--json'], home);
    expect(list.code).toBe(4);
    writeFileSync(join(pack, 'changes.csv'), 'Title,Risk Level\nGood,Low\nAlso good,High\n');
    const retried = await runCli(['init', '--pack', pack, '--demo', '--json'], home);
    expect(retried.code).toBe(0);
    expect(json<{ starters: { database: string; created: number }[] }>(retried).starters).toEqual([expect.objectContaining({ database: 'changes', created: 2 })]);
  });

  it('refuses a YAML alias bomb (billion laughs) with exit 2 at the first alias, and a syntax error with its line', async () => {
    const bomb = packCopy((dir) => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h'].entries()) {
        const prev = String.fromCharCode(97 + i);
        levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      writeFileSync(join(dir, 'pack.yaml'), `${readFileSync(join(dir, 'pack.yaml'), 'utf8').trimEnd()}\nx-laughs:\n${levels.map((l) => `  ${l}`).join('\n')}\n`);
    });
    const lines = readFileSync(join(bomb, 'pack.yaml'), 'utf8').split('\n');
    const firstAlias = lines.findIndex((l) => l.includes('*a')) + 1;
    const result = await runCli(['init', '--pack', bomb, '--json'], env());
    expect(result.code).toBe(2);
    expect(json<Problems>(result).error.problems).toEqual([
      { file: 'pack.yaml', line: firstAlias, message: 'YAML: Excessive alias count indicates a resource exhaustion attack (at most 100 aliases expand)' },
    ]);

    const broken = packCopy((dir) => writeFileSync(join(dir, 'databases/tasks.yaml'), 'id: tasks\nfields: [unclosed\n'));
    const syntax = await runCli(['init', '--pack', broken, '--json'], env());
    expect(syntax.code).toBe(2);
    expect(json<Problems>(syntax).error.problems[0]).toMatchObject({ file: 'databases/tasks.yaml', line: expect.any(Number), message: expect.stringMatching(/^YAML: /) });
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { MINI_PACK } from './support/workspace.ts';

// `eos import csv` with the encoding detected per file or given with --encoding (issue 11, point 7), and
// the errors CSV it writes with formula cells escaped.
describe('eos import csv: encodings and the errors CSV', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-encoding-'));
  const env = { EOS_HOME: home, EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0' };
  const file = (name: string, bytes: Buffer) => {
    const path = join(home, name);
    writeFileSync(path, bytes);
    return path;
  };
  beforeAll(async () => {
    expect((await runCli(['init', '--pack', MINI_PACK], env)).code).toBe(0);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('refuses a UTF-8 file with one stray windows-1252 byte, exit 2, naming line and offset', async () => {
    const mixed = file('mixed.csv', Buffer.concat([Buffer.from('Title\nCafé\nDon'), Buffer.from([0x92]), Buffer.from('t\n')]));
    const result = await runCli(['import', 'csv', 'changes', mixed], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is UTF-8 but for a stray byte at line 3, byte offset 15 (0x92)');
    expect(result.stderr).toContain('--encoding windows-1252');
  });

  it('reads the file in the --encoding given, ’ “ ” € intact', async () => {
    const excel = file('excel.csv', Buffer.concat([Buffer.from('Title\nCaf'), Buffer.from([0xe9, 0x20, 0x93, 0x80, 0x94, 0x92]), Buffer.from('\n')]));
    const result = await runCli(['import', 'csv', 'changes', excel, '--encoding', 'windows-1252', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 1, warnings: [] });
    const shown = await runCli(['record', 'get', 'CHG-0001', '--json'], env);
    expect(JSON.parse(shown.stdout).title).toBe('Café “€”’');
  });

  it('writes the errors CSV with formula cells escaped', async () => {
    const bad = file('bad.csv', Buffer.from('Title,Points\n=HYPERLINK("http://evil"),abc\n'));
    const result = await runCli(['import', 'csv', 'changes', bad, '--skip-invalid'], env);
    expect(result.code).toBe(0);
    expect(readFileSync(`${bad}.errors.csv`, 'utf8').split('\n')[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil""\)",abc,/);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, EOS_BIN, runCli, startAndWaitFor } from './support/run-cli.ts';
import { MINI_PACK } from './support/workspace.ts';

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const HOLDER = fileURLToPath(new URL('./support/hold-store.ts', import.meta.url));

function json(result: CliResult): Record<string, unknown> {
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('the eos CLI', { timeout: 120_000 }, () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-cli-'));
  const env = { EOS_HOME: home, EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0' };
  const eos = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    const init = await eos('init', '--pack', MINI_PACK, '--demo', '--json');
    expect(init.code).toBe(0);
    expect(json(init)).toMatchObject({ workspace: 'default', pack: 'mini', databases: 5, starters: [{ database: 'changes', created: 2 }] });
  });

  it('creates and reads records, acting as $EOS_USER', async () => {
    const created = await eos('record', 'create', 'changes', '--set', 'Title=From the CLI', '--set', 'Points=2');
    expect(created).toMatchObject({ code: 0, stdout: 'CHG-0003\n' });
    const got = json(await eos('record', 'get', 'From the CLI', '--json'));
    expect(got).toMatchObject({ key: 'CHG-0003', createdBy: 'ana', fields: { Points: 2 } });
  });

  it('exits 2 with invalid_input naming the field and value, JSON on stdout only', async () => {
    const result = await eos('record', 'create', 'changes', '--set', 'Title=x', '--set', 'Points=abc', '--json');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(json(result)).toEqual({
      error: {
        code: 'invalid_input',
        message: `Can't create the Changes record: Points="abc": 'abc' is not a number`,
        problems: [{ field: 'Points', value: 'abc', reason: "'abc' is not a number" }],
      },
    });
  });

  it('exits 3 with every unmet criterion when a gate blocks', async () => {
    await eos('record', 'move', 'CHG-0003', 'Under Review');
    const result = await eos('record', 'move', 'CHG-0003', 'Approved', '--json');
    expect(result.code).toBe(3);
    expect(json(result)).toEqual({
      error: {
        code: 'gate_blocked',
        message: "CHG-0003 can't move to Approved: 2 criteria unmet",
        record: 'CHG-0003',
        from: 'Under Review',
        to: 'Approved',
        unmet: [
          { gate: 'review-exit', criterion: 'risk-level', message: 'Set a Risk Level' },
          { gate: 'review-exit', criterion: 'impact', message: 'Impact Analysis must name at least one area' },
        ],
      },
    });
    const human = await eos('record', 'move', 'CHG-0003', 'Approved');
    expect(human.stderr).toContain('✗ review-exit/risk-level: Set a Risk Level');
  });

  it('exits 4 for an unknown record and 5 for a stale --if-version', async () => {
    expect((await eos('record', 'get', 'NOPE-1')).code).toBe(4);
    const stale = await eos('record', 'update', 'CHG-0003', '--set', 'Points=9', '--if-version', '1', '--json');
    expect(stale.code).toBe(5);
    expect(json(stale)).toMatchObject({ error: { code: 'conflict', record: 'CHG-0003', expected: 1 } });
  });

  it('exits 2 on a usage error', async () => {
    expect((await eos('record', 'frobnicate')).code).toBe(2);
    expect((await eos('record', 'update', 'CHG-0001', '--if-version', 'x')).code).toBe(2);
  });

  it('imports CSV, writing rejected rows beside the input with --skip-invalid', async () => {
    const file = join(home, 'in.csv');
    writeFileSync(file, 'Title,Points\ngood,1\nbad,abc\n');
    const result = await eos('import', 'csv', 'changes', file, '--skip-invalid', '--json');
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ created: 1, skipped: 1, errorsFile: `${file}.errors.csv` });
    expect(readFileSync(`${file}.errors.csv`, 'utf8')).toBe("Title,Points,eos_error\nbad,abc,Points: 'abc' is not a number\n");
    const refused = await eos('import', 'csv', 'changes', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("3    Points  abc    'abc' is not a number");
  });

  it('shows a progress bar on a terminal, and none in a pipe', async () => {
    const file = join(home, 'many.csv');
    writeFileSync(file, ['Test ID,Results', ...Array.from({ length: 300 }, (_, i) => `BULK-${i},Pass`)].join('\n'));
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(EOS_BIN)} import csv tests ${JSON.stringify(file)}`;
    const tty = await new Promise<string>((resolve, reject) => {
      execFile('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env, EOS_PROGRESS_AFTER_MS: '0' } }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
    expect(tty).toContain(`importing ${file} [`);
    expect(tty).toContain('300/300 rows');
    const piped = await runCli(['import', 'csv', 'tests', file], { ...env, EOS_PROGRESS_AFTER_MS: '0' });
    expect(piped.stderr).not.toContain('importing');
    expect(piped.stdout).toBe('format: plain (no Notion, Linear or Jira signature in the file name, header or cells)\n300 rows: 0 created, 0 updated, 300 unchanged, 0 skipped\n');
  });

  it('ticks an SOP step and prints the checklist with who ticked it', async () => {
    const checked = await eos('sop', 'check', 'CHG-0003', '2');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(
      /^CHG-0003 SOP: 1 of 3 done\n {2}\[ \] 1\. .+\n {2}\[x\] 2\. Review impact and risk\. \(ana, \d{4}-\d\d-\d\d \d\d:\d\d\)\n {2}\[ \] 3\. Verify and close\.\n$/,
    );
  });

  it('lists, decides, audits and verifies', async () => {
    const list = json(await eos('record', 'list', 'changes', '--where', 'record.Points >= 1', '--json'));
    expect((list.records as { title: string }[]).map((r) => r.title)).toEqual(['From the CLI', 'good']);
    const decided = await eos(
      'decide',
      '--scope',
      'release',
      '--action',
      'release.go',
      '--summary',
      'Ship 1.0',
      '--record',
      'CHG-0003',
      '--evidence',
      'https://ci.test/1',
      '--json',
    );
    expect(json(decided)).toMatchObject({ scope: 'release', action: 'release.go', actor: 'ana', recordKey: 'CHG-0003', evidence: ['https://ci.test/1'] });
    expect(json(await eos('decisions', '--action', 'release.go', '--json'))).toMatchObject({ decisions: [{ summary: 'Ship 1.0' }] });
    const verify = await eos('audit', 'verify', '--json');
    expect(verify.code).toBe(0);
    expect(json(verify)).toMatchObject({ ok: true });
    expect(json(await eos('migrate', '--status', '--json'))).toMatchObject({
      migrations: [
        { name: '0000_init', applied: true },
        { name: '0001_record-key-index', applied: true },
        { name: '0002_unresolved-ref-targets', applied: true },
        { name: '0003_auth', applied: true },
        { name: '0004_delivery-events', applied: true },
        { name: '0005_sop-checks-and-login-failures', applied: true },
        { name: '0006_alerts', applied: true },
        { name: '0007_records-recorded-as', applied: true },
        { name: '0008_idempotency-and-login-attempts', applied: true },
        { name: '0009_audit-signatures', applied: true },
        { name: '0010_user-roles', applied: true },
        { name: '0011_monitor-events', applied: true },
        { name: '0012_pr-requested-reviewers', applied: true },
        { name: '0013_schedule-ticks-and-records-order', applied: true },
        { name: '0014_search-and-archive', applied: true },
        { name: '0015_people', applied: true },
      ],
    });
  });

  it('backs up and restores a workspace', async () => {
    const file = join(home, 'ws.eosbak');
    expect((await eos('backup', file)).code).toBe(0);
    const restored = await eos('restore', file, '--workspace', 'copy', '--json');
    expect(json(restored)).toMatchObject({ workspace: 'copy' });
    const a = json(await eos('record', 'list', 'changes', '--json'));
    const b = json(await runCli(['record', 'list', 'changes', '--json', '--workspace', 'copy'], env));
    expect(b).toEqual(a);
    // Once 'copy' has users, replacing it takes one of its admins; EOS_USER=ana is not one.
    expect((await eos('user', 'add', 'root', '--role', 'admin', '--workspace', 'copy')).code).toBe(0);
    const refused = await eos('restore', file, '--workspace', 'copy', '--replace', '--json');
    expect(refused.code).toBe(6);
    expect(json(refused)).toEqual({
      error: {
        code: 'forbidden',
        message: "Only an admin can replace workspace 'copy'; ana is not a user of this workspace (set EOS_USER to an admin's name)",
        actor: 'ana',
        role: 'viewer',
        requiredRoles: ['admin'],
      },
    });
    const replaced = await runCli(['restore', file, '--workspace', 'copy', '--replace', '--json'], { ...env, EOS_USER: 'root' });
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(json(replaced)).toMatchObject({ workspace: 'copy', rows: { users: 0 } });
  });
});

describe('the embedded store lock', { timeout: 120_000 }, () => {
  it('refuses a second process naming the holder, or waits for it; no write is lost', async () => {
    const home = mkdtempSync(join(tmpdir(), 'eos-lock-'));
    const env = { EOS_HOME: home, EOS_USER: 'ana' };
    expect((await runCli(['init', '--pack', MINI_PACK], env)).code).toBe(0);
    const holder = await startAndWaitFor(process.execPath, [RUN_TS, HOLDER], env, 'holding');

    const refused = await runCli(['record', 'create', 'changes', '--set', 'Title=refused', '--json'], { ...env, EOS_LOCK_WAIT_MS: '0' });
    expect(refused.code).toBe(5);
    const error = (json(refused) as { error: { code: string; message: string; holder: { pid: number; command: string } } }).error;
    expect(error.code).toBe('locked');
    expect(error.holder).toMatchObject({ pid: holder.pid, command: 'eos hold-store (test)' });
    expect(error.message).toContain(`is in use by pid ${holder.pid} (eos hold-store (test))`);

    const waiting = runCli(['record', 'create', 'changes', '--set', 'Title=waited'], { ...env, EOS_LOCK_WAIT_MS: '60000' }, undefined, (stderr) => {
      if (stderr.includes('waiting for')) holder.stdin?.end();
    });
    const waited = await waiting;
    expect(waited.code).toBe(0);
    expect(waited.stderr).toContain(`waiting for pid ${holder.pid}`);

    const list = json(await runCli(['record', 'list', 'changes', '--json'], env)) as { records: { title: string }[] };
    expect(list.records.map((r) => r.title).sort()).toEqual(['waited', 'written by the holder']);
  });
});

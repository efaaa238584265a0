import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { processStart } from '../src/store/process-identity.ts';
import { raceForStaleLocks } from './support/lock-race.ts';
import { type CliResult, runCli, startAndWaitFor } from './support/run-cli.ts';
import { MINI_PACK } from './support/workspace.ts';

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const HOLDER = fileURLToPath(new URL('./support/hold-store.ts', import.meta.url));

function json(result: CliResult): Record<string, unknown> {
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('the embedded store lock', { timeout: 120_000 }, () => {
  it('4 processes × 50 stale locks: exactly one holder every time (the full race is a reliability probe)', async () => {
    const result = await raceForStaleLocks(4, 50);
    expect(result).toEqual({ trials: 50, doubleHolders: 0, noHolder: 0, loserCodes: new Set(['locked']) });
  });

  describe('stale locks in real eos processes', () => {
    const home = mkdtempSync(join(tmpdir(), 'eos-unlock-'));
    const env = { EOS_HOME: home, EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0' };
    const lockPath = join(home, 'data.lock');
    const leave = (holder: Record<string, unknown>) => writeFileSync(lockPath, JSON.stringify(holder), { mode: 0o600 });

    beforeAll(async () => {
      expect((await runCli(['init', '--pack', MINI_PACK], env)).code).toBe(0);
    });

    it('takes over a lock whose pid now belongs to another process (a reused pid)', async () => {
      expect(processStart(process.pid)).toMatch(/^\d+$/);
      leave({ pid: process.pid, host: hostname(), command: 'eos serve', since: '2026-01-01T00:00:00.000Z', nonce: 'old', started: '1' });
      const created = await runCli(['record', 'create', 'changes', '--set', 'Title=after a reused pid'], env);
      expect(created).toMatchObject({ code: 0, stdout: 'CHG-0001\n' });
    });

    it('names a lock from another host and how to clear it; eos unlock clears it', async () => {
      leave({ pid: 1, host: 'old-container-7f3a', command: 'eos serve', since: '2026-01-01T00:00:00.000Z', port: 3000, token: 'secret', nonce: 'abc' });
      const refused = await runCli(['record', 'list', 'changes', '--json'], env);
      expect(refused.code).toBe(5);
      const error = (json(refused) as { error: { code: string; message: string; holder: Record<string, unknown> } }).error;
      expect(error.code).toBe('locked');
      expect(error.message).toBe(
        `The workspace data at ${home} is locked by pid 1 (eos serve on port 3000) on old-container-7f3a since 2026-01-01T00:00:00.000Z, another host or container (this is ${hostname()}), so eos can't tell whether it still runs. If it doesn't (a recreated container, a moved disk), run \`eos unlock\` on this host.`,
      );
      expect(error.holder).toEqual({ pid: 1, host: 'old-container-7f3a', command: 'eos serve', since: '2026-01-01T00:00:00.000Z', port: 3000, nonce: 'abc' });

      const unlocked = await runCli(['unlock', '--json'], env);
      expect(unlocked.code).toBe(0);
      expect(json(unlocked)).toEqual({
        removed: true,
        holder: { pid: 1, host: 'old-container-7f3a', command: 'eos serve', since: '2026-01-01T00:00:00.000Z', port: 3000, nonce: 'abc' },
      });
      expect(json(await runCli(['unlock', '--json'], env))).toEqual({ removed: false, holder: null });
      expect((await runCli(['record', 'list', 'changes', '--json'], env)).code).toBe(0);
    });

    it('does not judge a pid from another pid namespace (another container with the same host name)', async () => {
      leave({ pid: process.pid, host: hostname(), command: 'eos serve', since: '2026-01-01T00:00:00.000Z', nonce: 'ns', started: '1', pidns: 'pid:[1]' });
      const refused = await runCli(['record', 'list', 'changes', '--json'], env);
      expect(refused.code).toBe(5);
      expect((json(refused) as { error: { message: string } }).error.message).toContain('another host or container');
      expect((await runCli(['unlock', '--json'], env)).code).toBe(0);
    });

    it('eos unlock refuses while a live process on this host holds the store', async () => {
      const holder = await startAndWaitFor(process.execPath, [RUN_TS, HOLDER], env, 'holding');
      try {
        const refused = await runCli(['unlock', '--json'], env);
        expect(refused.code).toBe(5);
        expect((json(refused) as { error: { message: string } }).error.message).toContain(`is in use by pid ${holder.pid} (eos hold-store (test))`);
        expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: holder.pid });
      } finally {
        holder.stdin?.end();
        await new Promise((resolve) => holder.on('exit', resolve));
      }
    });
  });
});

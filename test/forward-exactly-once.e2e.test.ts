import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, EOS_BIN, runCli } from './support/run-cli.ts';
import { MINI_PACK } from './support/workspace.ts';

interface Lock {
  readonly pid: number;
  readonly port?: number;
  readonly token?: string;
}

const readLock = (home: string): Lock | undefined => {
  try {
    return JSON.parse(readFileSync(join(home, 'data.lock'), 'utf8')) as Lock;
  } catch {
    return undefined;
  }
};

async function startServer(env: Record<string, string>, home: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [EOS_BIN, 'serve', '--port', '0'], { env: { ...process.env, ...env, EOS_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`eos serve exited with ${child.exitCode}: ${stderr}`);
    const lock = readLock(home);
    if (lock && lock.pid === child.pid && lock.port && lock.token) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`eos serve did not announce itself: ${stderr}`);
}

/**
 * A TCP hop between the CLI and the server that, as soon as the server starts answering (it
 * has committed and kept its answer by then), kills the server and resets the CLI's
 * connection: the CLI can't know whether its command ran.
 */
function crashingProxy(target: number, server: ChildProcess): Promise<{ port: number; proxy: Server }> {
  return new Promise((resolve) => {
    const proxy = createServer((client: Socket) => {
      const upstream = connect(target, '127.0.0.1');
      client.pipe(upstream);
      upstream.once('data', () => {
        server.kill('SIGKILL');
        client.resetAndDestroy();
        upstream.destroy();
      });
      client.on('error', () => undefined);
      // Later tries find no server behind the proxy: their connections are reset too.
      upstream.on('error', () => client.resetAndDestroy());
    });
    proxy.listen(0, '127.0.0.1', () => resolve({ port: (proxy.address() as { port: number }).port, proxy }));
  });
}

function json<T>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}

describe('a forwarded CLI write runs exactly once (issue 11, point 3; two real processes)', () => {
  it('the server dies after committing: the CLI does not run the command again, it prints the kept answer', { timeout: 600_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'eos-once-'));
    const env = { EOS_HOME: home, EOS_USER: 'admin', EOS_LOCK_WAIT_MS: '5000' };
    expect((await runCli(['init', '--pack', MINI_PACK], env)).code).toBe(0);
    const server = await startServer(env, home);
    const lock = readLock(home) as Required<Lock>;
    const { port, proxy } = await crashingProxy(lock.port, server);
    // The CLI finds the server at the proxy's port.
    writeFileSync(join(home, 'lock.next'), JSON.stringify({ ...JSON.parse(readFileSync(join(home, 'data.lock'), 'utf8')), port }), { mode: 0o600 });
    renameSync(join(home, 'lock.next'), join(home, 'data.lock'));
    try {
      const created = await runCli(['record', 'create', 'changes', '--set', 'Title=exactly once'], env);
      expect(server.signalCode).toBe('SIGKILL');
      expect(created).toMatchObject({ code: 0, stdout: 'CHG-0001\n' });
    } finally {
      proxy.close();
      server.kill('SIGKILL');
    }
    const list = json<{ records: { key: string; title: string }[] }>(await runCli(['record', 'list', 'changes', '--json'], env));
    expect(list.records.map((r) => [r.key, r.title])).toEqual([['CHG-0001', 'exactly once']]);
  });

  it('a refused connection (no server listening) runs the command here', { timeout: 600_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'eos-refused-'));
    const env = { EOS_HOME: home, EOS_USER: 'admin', EOS_LOCK_WAIT_MS: '5000' };
    expect((await runCli(['init', '--pack', MINI_PACK], env)).code).toBe(0);
    const created = await runCli(['record', 'create', 'changes', '--set', 'Title=here'], env);
    expect(created).toMatchObject({ code: 0, stdout: 'CHG-0001\n' });
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { EOS_BIN, runCli } from '../../support/run-cli.ts';

export type EosServer = { readonly url: string; readonly output: () => string; readonly stop: () => Promise<void> };

const LISTENING = /eos serves workspace .* at (http:\/\/127\.0\.0\.1:\d+)/;

/** Starts a real `eos serve` child on a free loopback port and resolves with its URL once it listens. */
export function startEosServer(env: Record<string, string>, timeoutMs = 90_000): Promise<EosServer> {
  const child: ChildProcess = spawn(process.execPath, [EOS_BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    env: { ...process.env, EOS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`eos serve did not listen within ${timeoutMs} ms; it printed:\n${output}`));
    }, timeoutMs);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = LISTENING.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], output: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`eos serve exited with ${code} before listening; it printed:\n${output}`));
    });
  });
}

/** `eos user add NAME --role ROLE --password-stdin`, as an admin would. */
export async function addUser(env: Record<string, string>, name: string, role: string, password: string): Promise<void> {
  const result = await runCli(['user', 'add', name, '--role', role, '--password-stdin'], env, `${password}\n`);
  if (result.code !== 0) throw new Error(`eos user add ${name} failed (${result.code}): ${result.stderr}${result.stdout}`);
}

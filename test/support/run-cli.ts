import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const EOS_BIN = fileURLToPath(new URL('../../bin/eos.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `eos` binary in a child process. */
export function runCli(args: readonly string[], env: Record<string, string>, input?: string, onStderr?: (stderr: string) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EOS_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Starts a child process and resolves once it prints `line` on stdout. */
export function startAndWaitFor(command: string, args: readonly string[], env: Record<string, string>, line: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      if (out.includes(line)) resolve(child);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code} before printing '${line}'`)));
  });
}

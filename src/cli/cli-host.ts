import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Store } from '../store/store.ts';

/**
 * Where a CLI command runs: its output sinks, exit code, working directory and standard input,
 * and, when a server runs it for another process (ADR 012), the server's open store and the
 * calling CLI's EOS_USER.
 */
export interface CliHost {
  writeOut(text: string): void;
  writeErr(text: string): void;
  setExitCode(code: number): void;
  readonly cwd: string;
  readStdin(): string;
  /** The store to use instead of opening one (the server's own). */
  readonly store?: Store;
  /** Who acts, instead of EOS_USER. */
  readonly actor?: string;
  /** The calling CLI's EOS_TOKEN, instead of this process's (ADR 044). */
  readonly token?: string;
}

/** This process's standard input, once read. */
let stdinText: string | undefined;

/** The CLI as a process: the real stdout, stderr, exit code, cwd and stdin. */
export const processHost: CliHost = {
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  get cwd() {
    return process.cwd();
  },
  readStdin: () => {
    // Read once: forwarding to a server reads it first, and the command may still run here.
    stdinText ??= readFileSync(0, 'utf8');
    return stdinText;
  },
};

const current = new AsyncLocalStorage<CliHost>();

export function cliHost(): CliHost {
  return current.getStore() ?? processHost;
}

/** Runs `fn` with every CLI command inside it writing to `host`. */
export function withCliHost<T>(host: CliHost, fn: () => Promise<T>): Promise<T> {
  return current.run(host, fn);
}

/** A path given on the command line, resolved against the command's working directory. */
export function cliPath(path: string): string {
  return resolve(cliHost().cwd, path);
}

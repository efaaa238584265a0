import { newSecret, sha256Hex } from '../app/auth/secrets.ts';
import type { ForwardedCommand, ForwardedResult, LocalCli } from '../http/auth/local-cli-route.ts';
import type { Store } from '../store/store.ts';
import { type CliHost, withCliHost } from './cli-host.ts';
import { commandName } from './command-name.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { runProgram } from './main.ts';

/** Runs one forwarded command line in this process against `store`, capturing what it prints. */
export async function runForwarded(store: Store, command: ForwardedCommand): Promise<ForwardedResult> {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  if (commandName(command.argv) === 'serve') return { stdout, stderr: 'error: eos serve is already running on this workspace\n', exitCode: EXIT_CODES.invalid_input };
  const host: CliHost = {
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
    setExitCode: (code) => {
      exitCode = code;
    },
    cwd: command.cwd,
    readStdin: () => command.stdin ?? '',
    store,
    actor: command.actor,
    ...(command.token ? { token: command.token } : {}),
  };
  await withCliHost(host, () => runProgram(command.argv));
  return { stdout, stderr, exitCode };
}

/**
 * What `eos serve` on an embedded store offers CLI processes (ADR 012): a new random token
 * (the server keeps only its hash; the CLI reads it from the owner-only lock file) and a runner.
 */
export function createLocalCli(store: Store): LocalCli & { readonly token: string } {
  const token = newSecret();
  return { token, tokenHash: sha256Hex(token), run: (command) => runForwarded(store, command) };
}

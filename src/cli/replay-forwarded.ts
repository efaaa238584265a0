import { type ForwardedAnswer, forwardedAnswer } from '../app/forwarded-answer.ts';
import type { EosError } from '../core/errors.ts';
import type { Config } from './config.ts';
import { openCliStore } from './open-cli-store.ts';

export type { ForwardedAnswer };

/**
 * Opens the embedded store the server left (taking over its stale lock) to look for the answer
 * of a command sent to it; closes it again so the command, if it never ran, can run as usual.
 */
export async function replayForwarded(config: Config, command: { actor: string; key: string; body: string }): Promise<ForwardedAnswer | EosError | undefined> {
  const cli = await openCliStore(config, 'eos (after a lost server)', (line) => process.stderr.write(`${line}\n`));
  try {
    return await forwardedAnswer(cli.store, command);
  } finally {
    await cli.close();
  }
}

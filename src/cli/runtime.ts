import { openSession, type Session } from '../app/session.ts';
import { type EosError, toEosError } from '../core/errors.ts';
import type { Store } from '../store/store.ts';
import { type Config, loadConfig } from './config.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { type CliStore, openCliStore } from './open-cli-store.ts';
import { style, table } from './render.ts';

/** Options every command takes (CONTRACT §2). */
export interface GlobalOptions {
  readonly json?: boolean;
  readonly workspace: string;
  readonly verbose?: boolean;
}

/** What a command returns: one JSON document for --json, text for people, and warnings. */
export interface CommandResult {
  readonly json: unknown;
  readonly human: string;
  readonly warnings?: readonly string[];
  /** A non-zero exit that is not an error (e.g. a failed verification). */
  readonly exitCode?: number;
}

export interface CommandContext {
  readonly config: Config;
  readonly options: GlobalOptions;
  store(): Promise<Store>;
  session(): Promise<Session>;
  /** A line for people on stderr (never with --json's stdout). */
  log(line: string): void;
}

function printError(error: EosError, options: GlobalOptions, original: unknown): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(error.toJSON())}\n`);
    return;
  }
  process.stderr.write(`${style.bad('error:')} ${error.message}\n`);
  const unmet = error.details.unmet as { gate: string; criterion: string; message: string; error?: string }[] | undefined;
  for (const u of unmet ?? []) process.stderr.write(`  ${style.bad('✗')} ${u.gate}/${u.criterion}: ${u.message}${u.error ? style.dim(` (${u.error})`) : ''}\n`);
  const cells = (error.details.problems as { row?: number; column?: string; value?: string; reason?: string }[] | undefined)?.filter((p) => p.row !== undefined);
  if (cells?.length)
    process.stderr.write(
      `${table(
        ['ROW', 'COLUMN', 'VALUE', 'REASON'],
        cells.map((p) => [p.row, p.column, p.value, p.reason]),
      )}\n`,
    );
  if ((options.verbose || error.code === 'internal') && original instanceof Error && original.stack) {
    process.stderr.write(`${style.dim(original.stack)}\n`);
  }
}

/**
 * Runs one command: opens the store on first use, prints the result (JSON or text), and
 * turns any failure into its exit code. This is the CLI's one top-level catch.
 */
export async function runCommand(label: string, options: GlobalOptions, body: (ctx: CommandContext) => Promise<CommandResult>): Promise<void> {
  let cli: CliStore | undefined;
  let session: Session | undefined;
  try {
    const config = loadConfig();
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const ctx: CommandContext = {
      config,
      options,
      log,
      store: async () => {
        cli ??= await openCliStore(config, `eos ${label}`, log);
        return cli.store;
      },
      session: async () => {
        session ??= await openSession({ store: await ctx.store(), workspaceId: options.workspace, actor: config.actor });
        return session;
      },
    };
    const result = await body(ctx);
    if (options.json) process.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
    else if (result.human) process.stdout.write(`${result.human}\n`);
    if (!options.json) for (const w of result.warnings ?? []) process.stderr.write(`${style.warn('warning:')} ${w}\n`);
    if (result.exitCode) process.exitCode = result.exitCode;
  } catch (error) {
    const eos = toEosError(error);
    printError(eos, options, error);
    process.exitCode = EXIT_CODES[eos.code];
  } finally {
    await cli?.close().catch(() => undefined);
  }
}

import { cliActor } from '../app/auth/resolve-cli-actor.ts';
import { openSession, type Session } from '../app/session.ts';
import { type EosError, toEosError } from '../core/errors.ts';
import type { Store } from '../store/store.ts';
import { cliHost } from './cli-host.ts';
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
  const host = cliHost();
  if (options.json) {
    host.writeOut(`${JSON.stringify(error.toJSON())}\n`);
    return;
  }
  host.writeErr(`${style.bad('error:')} ${error.message}\n`);
  const unmet = error.details.unmet as { gate: string; criterion: string; message: string; error?: string; step?: { from: string | null; to: string } }[] | undefined;
  // A record created in a later status walked the lifecycle: its criteria print under their step.
  let step = '';
  for (const u of unmet ?? []) {
    const label = u.step ? `${u.step.from ?? '(new)'} → ${u.step.to}` : '';
    if (label && label !== step) host.writeErr(`  ${label}\n`);
    step = label;
    host.writeErr(`${label ? '    ' : '  '}${style.bad('✗')} ${u.gate}/${u.criterion}: ${u.message}${u.error ? style.dim(` (${u.error})`) : ''}\n`);
  }
  const cells = (error.details.problems as { row?: number; column?: string; value?: string; reason?: string }[] | undefined)?.filter((p) => p.row !== undefined);
  if (cells?.length)
    host.writeErr(
      `${table(
        ['ROW', 'COLUMN', 'VALUE', 'REASON'],
        cells.map((p) => [p.row, p.column, p.value, p.reason]),
      )}\n`,
    );
  if ((options.verbose || error.code === 'internal') && original instanceof Error && original.stack) {
    host.writeErr(`${style.dim(original.stack)}\n`);
  }
}

/**
 * Runs one command: opens the store on first use, prints the result (JSON or text), and
 * turns any failure into its exit code. This is the CLI's one top-level catch.
 */
export async function runCommand(label: string, options: GlobalOptions, body: (ctx: CommandContext) => Promise<CommandResult>): Promise<void> {
  const host = cliHost();
  let cli: CliStore | undefined;
  let session: Session | undefined;
  try {
    const loaded = loadConfig();
    const config = host.actor ? { ...loaded, actor: host.actor } : loaded;
    const log = (line: string) => host.writeErr(`${line}\n`);
    const ctx: CommandContext = {
      config,
      options,
      log,
      store: async () => {
        if (host.store) return host.store;
        cli ??= await openCliStore(config, `eos ${label}`, log);
        return cli.store;
      },
      session: async () => {
        if (session) return session;
        const store = await ctx.store();
        const actor = await cliActor({ store, workspaceId: options.workspace }, config.actor, host.store ? host.token : config.token);
        session = await openSession({
          store,
          workspaceId: options.workspace,
          actor: actor.name,
          role: actor.role,
          ...(actor.roles ? { roles: actor.roles } : {}),
          ...(actor.guest ? { guest: true } : {}),
          ...(actor.verified ? { verified: true } : {}),
        });
        return session;
      },
    };
    const result = await body(ctx);
    if (options.json) host.writeOut(`${JSON.stringify(result.json, null, 2)}\n`);
    else if (result.human) host.writeOut(`${result.human}\n`);
    if (!options.json) for (const w of result.warnings ?? []) host.writeErr(`${style.warn('warning:')} ${w}\n`);
    if (result.exitCode) host.setExitCode(result.exitCode);
  } catch (error) {
    const eos = toEosError(error);
    printError(eos, options, error);
    host.setExitCode(EXIT_CODES[eos.code]);
  } finally {
    await cli?.close().catch(() => undefined);
  }
}

import { Command, CommanderError } from 'commander';
import { cliHost } from './cli-host.ts';
import { registerAlertCommands } from './commands/alert-commands.ts';
import { registerAuditCommands } from './commands/audit-commands.ts';
import { registerDbCommands } from './commands/db-commands.ts';
import { registerDecisionCommands } from './commands/decision-commands.ts';
import { registerEvidenceCommands } from './commands/evidence-commands.ts';
import { registerGateCommands } from './commands/gate-commands.ts';
import { registerImportCommands } from './commands/import-commands.ts';
import { registerIngestCommands } from './commands/ingest-commands.ts';
import { registerMetricsCommands } from './commands/metrics-commands.ts';
import { registerPeopleCommands } from './commands/people-commands.ts';
import { registerRecordCommands } from './commands/record-commands.ts';
import { registerServeCommand } from './commands/serve-command.ts';
import { registerSopCommands } from './commands/sop-commands.ts';
import { registerUnlockCommand } from './commands/unlock-command.ts';
import { registerUserCommands } from './commands/user-commands.ts';
import { registerPackCommands, registerWorkspaceCommands } from './commands/workspace-commands.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { forwardToServer } from './forward-to-server.ts';

/** Builds the `eos` command line; each command only parses, calls one app function and renders. */
export function buildProgram(): Command {
  const program = new Command('eos')
    .description('eos, the Engineering Operating System: your operating model as enforced, traceable records')
    .version('0.1.0')
    .option('--json', 'print one JSON document on stdout')
    .option('-w, --workspace <name>', 'workspace to work in', 'default')
    .option('--verbose', 'show stack traces of errors')
    .showHelpAfterError('(run eos --help for usage)')
    // Looked up per write: a server runs commands for other processes into their own sinks.
    .configureOutput({ writeOut: (text) => cliHost().writeOut(text), writeErr: (text) => cliHost().writeErr(text) })
    .exitOverride();
  registerWorkspaceCommands(program);
  registerPackCommands(program);
  registerDbCommands(program);
  registerRecordCommands(program);
  registerSopCommands(program);
  registerGateCommands(program);
  registerImportCommands(program);
  registerIngestCommands(program);
  registerMetricsCommands(program);
  registerDecisionCommands(program);
  registerEvidenceCommands(program);
  registerAuditCommands(program);
  registerAlertCommands(program);
  registerServeCommand(program);
  registerUserCommands(program);
  registerPeopleCommands(program);
  registerUnlockCommand(program);
  return program;
}

/** Runs one command line (the arguments after `eos`) on the current CLI host. */
export async function runProgram(args: readonly string[]): Promise<void> {
  const host = cliHost();
  const program = buildProgram();
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; anything else is a usage error (exit 2).
      host.setExitCode(error.exitCode === 0 ? 0 : EXIT_CODES.invalid_input);
      if (error.exitCode !== 0 && args.includes('--json')) {
        host.writeOut(`${JSON.stringify({ error: { code: 'invalid_input', message: error.message } })}\n`);
      }
      return;
    }
    throw error;
  }
}

/**
 * The `eos` process: a command on an embedded workspace that a running `eos serve` holds is
 * sent to that server (ADR 012); anything else runs here.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const args = argv.slice(2);
  if (await forwardToServer(args)) return;
  await runProgram(args);
}

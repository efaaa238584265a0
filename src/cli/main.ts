import { Command, CommanderError } from 'commander';
import { registerAuditCommands } from './commands/audit-commands.ts';
import { registerDbCommands } from './commands/db-commands.ts';
import { registerDecisionCommands } from './commands/decision-commands.ts';
import { registerGateCommands } from './commands/gate-commands.ts';
import { registerImportCommands } from './commands/import-commands.ts';
import { registerIngestCommands } from './commands/ingest-commands.ts';
import { registerMetricsCommands } from './commands/metrics-commands.ts';
import { registerRecordCommands } from './commands/record-commands.ts';
import { registerPackCommands, registerWorkspaceCommands } from './commands/workspace-commands.ts';
import { EXIT_CODES } from './exit-codes.ts';

/** Builds the `eos` command line; each command only parses, calls one app function and renders. */
export function buildProgram(): Command {
  const program = new Command('eos')
    .description('eos, the Engineering Operating System: your operating model as enforced, traceable records')
    .version('0.1.0')
    .option('--json', 'print one JSON document on stdout')
    .option('-w, --workspace <name>', 'workspace to work in', 'default')
    .option('--verbose', 'show stack traces of errors')
    .showHelpAfterError('(run eos --help for usage)')
    .exitOverride();
  registerWorkspaceCommands(program);
  registerPackCommands(program);
  registerDbCommands(program);
  registerRecordCommands(program);
  registerGateCommands(program);
  registerImportCommands(program);
  registerIngestCommands(program);
  registerMetricsCommands(program);
  registerDecisionCommands(program);
  registerAuditCommands(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; anything else is a usage error (exit 2).
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_CODES.invalid_input;
      if (error.exitCode !== 0 && argv.includes('--json')) {
        process.stdout.write(`${JSON.stringify({ error: { code: 'invalid_input', message: error.message } })}\n`);
      }
      return;
    }
    throw error;
  }
}

import { Command, CommanderError, Help } from 'commander';
import { cliHost } from './cli-host.ts';
import { commandName, mayForward } from './command-name.ts';
import { COMMAND_TABLE, type CommandEntry } from './command-table.ts';
import { EXIT_CODES } from './exit-codes.ts';

/** The `eos` program with its global options and no commands yet. */
function baseProgram(): Command {
  return (
    new Command('eos')
      .description('eos, the Engineering Operating System: your operating model as enforced, traceable records')
      .version('0.1.0')
      .option('--json', 'print one JSON document on stdout')
      .option('-w, --workspace <name>', 'workspace to work in', 'default')
      .option('--verbose', 'show stack traces of errors')
      .showHelpAfterError('(run eos --help for usage)')
      // Looked up per write: a server runs commands for other processes into their own sinks.
      .configureOutput({ writeOut: (text) => cliHost().writeOut(text), writeErr: (text) => cliHost().writeErr(text) })
      .exitOverride()
  );
}

/** Builds the whole `eos` command line, every command module loaded; each command only parses, calls one app function and renders. */
export async function buildProgram(): Promise<Command> {
  const program = baseProgram();
  const loaded = new Set<CommandEntry['load']>();
  for (const entry of COMMAND_TABLE) {
    if (loaded.has(entry.load)) continue;
    loaded.add(entry.load);
    (await entry.load())(program);
  }
  return program;
}

/**
 * ADR 065: the program for one command line, loading only the module of the command it names.
 * Without one (`eos --help`, `--version`, an unknown word) each command is a stand-in carrying the
 * table's usage and description, enough for the help and for commander's "did you mean".
 */
async function programFor(args: readonly string[]): Promise<Command> {
  const name = commandName(args);
  const target = name === 'help' ? commandName(args.slice(args.indexOf('help') + 1)) : name;
  const entry = COMMAND_TABLE.find((e) => e.name === target);
  if (entry) {
    const program = baseProgram();
    (await entry.load())(program);
    // A server runs other processes' commands for as long as it lives: it loads them all now, while the
    // build it started from is surely still there (bin/compiled-entry.js removes replaced builds later).
    if (entry.name === 'serve') await buildProgram();
    return program;
  }
  const program = baseProgram();
  const terms = new Map<Command, string>();
  for (const e of COMMAND_TABLE) {
    const stand = new Command(e.name).description(e.description);
    terms.set(stand, e.term);
    program.addCommand(stand);
  }
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
  return program;
}

/** Runs one command line (the arguments after `eos`) on the current CLI host. */
export async function runProgram(args: readonly string[]): Promise<void> {
  const host = cliHost();
  const program = await programFor(args);
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
  if (mayForward(args)) {
    const { forwardToServer } = await import('./forward-to-server.ts');
    if (await forwardToServer(args)) return;
  }
  await runProgram(args);
}

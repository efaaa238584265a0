import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { type CliHost, withCliHost } from '../src/cli/cli-host.ts';
import { COMMAND_TABLE } from '../src/cli/command-table.ts';
import { buildProgram, runProgram } from '../src/cli/main.ts';

async function captured(args: readonly string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
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
    cwd: process.cwd(),
    readStdin: () => '',
  };
  await withCliHost(host, () => runProgram(args));
  return { stdout, stderr, exitCode };
}

// ADR 065: `eos --help` lists the commands from COMMAND_TABLE without loading their modules, so the
// table must say exactly what the modules register.
describe('the CLI command table', () => {
  it('names each top-level command the modules register, in order, with their usage and description', async () => {
    const program = await buildProgram();
    const help = new Help();
    const registered = program.commands.map((c) => ({ name: c.name(), term: help.subcommandTerm(c), description: help.subcommandDescription(c) }));
    expect(COMMAND_TABLE.map(({ name, term, description }) => ({ name, term, description }))).toEqual(registered);
  });

  it('loads, for each entry, a module that registers that command', async () => {
    for (const entry of COMMAND_TABLE) {
      const program = new Command('eos');
      (await entry.load())(program);
      expect(
        program.commands.map((c) => c.name()),
        entry.name,
      ).toContain(entry.name);
    }
  });

  it('prints the same top-level help as the program with every module loaded', async () => {
    const full = (await buildProgram()).helpInformation();
    const { stdout, exitCode } = await captured(['--help']);
    expect(exitCode).toBe(0);
    expect(stdout).toBe(full);
    expect(stdout).toContain('  unlink [options] <key> <field> <targets...>  remove links from a relation field\n');
  });

  it('answers --version, a command help and an unknown command as before', async () => {
    expect(await captured(['--version'])).toEqual({ stdout: '0.1.0\n', stderr: '', exitCode: 0 });
    const dbHelp = await captured(['help', 'db']);
    expect(dbHelp.exitCode).toBe(0);
    expect(dbHelp.stdout).toContain('Usage: eos db [options] [command]');
    expect(dbHelp.stdout).toContain('list');
    expect(await captured(['--json', 'recrod', 'list'])).toEqual({
      stdout: `${JSON.stringify({ error: { code: 'invalid_input', message: "error: unknown command 'recrod'\n(Did you mean record?)" } })}\n`,
      stderr: "error: unknown command 'recrod'\n(Did you mean record?)\n(run eos --help for usage)\n",
      exitCode: 2,
    });
  });
});

import { type Command, InvalidArgumentError } from 'commander';
import type { GlobalOptions } from './runtime.ts';

/** Adds the options every command takes, so they work before or after the command's name. */
export function withGlobals(command: Command): Command {
  return command
    .option('--json', 'print one JSON document on stdout')
    .option('-w, --workspace <name>', 'workspace to work in', 'default')
    .option('--verbose', 'show stack traces of errors');
}

export function globals(command: Command): GlobalOptions {
  const o = command.optsWithGlobals() as { json?: boolean; workspace?: string; verbose?: boolean };
  return { json: o.json ?? false, workspace: o.workspace ?? 'default', verbose: o.verbose ?? false };
}

/** Collects a repeatable option (`--set A=1 --set B=2`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`'${value}' is not a whole number`);
  return n;
}

// The global options that take a value, so the command name after them can be found.
const VALUE_OPTIONS = new Set(['-w', '--workspace']);

/** The first word of a command line that is not a global option: `record` in `--json record list x`. */
export function commandName(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

// The global options that take a value, so the command name after them can be found.
const VALUE_OPTIONS = new Set(['-w', '--workspace']);

// Commands that never go to a server: a second server must meet the lock itself, and unlock
// must meet the live holder to refuse.
const LOCAL_ONLY = new Set(['serve', 'help', 'unlock']);

/** Whether a command line may be sent to a running `eos serve` (ADR 012): it names a command that needs the store. */
export function mayForward(args: readonly string[]): boolean {
  const name = commandName(args);
  return name !== undefined && !LOCAL_ONLY.has(name);
}

/** The first word of a command line that is not a global option: `record` in `--json record list x`. */
export function commandName(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

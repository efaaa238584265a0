import type { Command } from 'commander';
import { globals, withGlobals } from '../command-helpers.ts';
import { describeHolder, unlockStore } from '../open-cli-store.ts';
import { style } from '../render.ts';
import { runCommand } from '../runtime.ts';

/**
 * `eos unlock`: for whoever administers $EOS_HOME. Removes an embedded store lock that no live
 * process on this host holds, e.g. one left on another host by a container that was recreated
 * (ADR 052). Refuses while a live local holder exists.
 */
export function registerUnlockCommand(program: Command): void {
  withGlobals(program.command('unlock'))
    .description("remove the embedded store's lock left by a process that no longer runs (e.g. on another host); refuses while a live holder exists")
    .action((_o: unknown, cmd: Command) =>
      runCommand('unlock', globals(cmd), async (ctx) => {
        if (ctx.config.databaseUrl) return { json: { removed: false, holder: null }, human: 'DATABASE_URL is set: PostgreSQL needs no lock file; nothing to unlock' };
        const unlocked = unlockStore(ctx.config.home);
        const human = !unlocked.removed
          ? `${ctx.config.home} is not locked`
          : `${style.ok('✓')} removed the lock ${unlocked.holder ? `of ${describeHolder(unlocked.holder)}` : '(unreadable)'} from ${ctx.config.home}`;
        return { json: unlocked, human };
      }),
    );
}

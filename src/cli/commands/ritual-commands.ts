import type { Command } from 'commander';
import { checkRitualSnapshot } from '../../app/rituals/check-ritual-snapshot.ts';
import { listRituals } from '../../app/rituals/list-rituals.ts';
import { runRitual } from '../../app/rituals/run-ritual.ts';
import { globals, withGlobals } from '../command-helpers.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

export function registerRitualCommands(program: Command): void {
  const ritual = program.command('ritual').description("rituals whose record the workspace creates on time (the pack's rituals/, docs/rituals.md)");

  withGlobals(ritual.command('list'))
    .description('list the rituals and when each is next due')
    .action((_o: unknown, cmd: Command) =>
      runCommand('ritual list', globals(cmd), async (ctx) => {
        const rituals = await listRituals(await ctx.session());
        const rows = rituals.map((r) => [r.id, r.database, r.schedule, r.nextDue ? `${r.nextDue}${r.nextOccurrence ? ` (${r.nextOccurrence})` : ''}` : '—']);
        return { json: { rituals }, human: rituals.length === 0 ? 'The pack has no rituals.' : table(['RITUAL', 'DATABASE', 'SCHEDULE', 'NEXT DUE'], rows) };
      }),
    );

  withGlobals(ritual.command('run <name>'))
    .description('create the record of the occurrence due now (or at --at) unless it exists')
    .option('--at <iso>', 'run as of this past date or date-time (UTC), e.g. 2026-12-07T09:00:00Z')
    .action((name: string, o: { at?: string }, cmd: Command) =>
      runCommand('ritual run', globals(cmd), async (ctx) => {
        const runs = await runRitual(await ctx.session(), name, { at: o.at });
        const lines = runs.map(
          (r) => `${r.created ? style.ok('created') : 'exists '} ${style.bold(r.record)}  ${r.ritual} ${r.occurrence} (due ${r.due})${r.sha256 ? `  sha256 ${r.sha256}` : ''}`,
        );
        return { json: { runs }, human: lines.length > 0 ? lines.join('\n') : `Nothing of ${name} is due then.` };
      }),
    );

  withGlobals(ritual.command('check <key>'))
    .description("recompute a ritual record's snapshot SHA-256 and compare it with its decision, its field and its create audit entry")
    .action((key: string, _o: unknown, cmd: Command) =>
      runCommand('ritual check', globals(cmd), async (ctx) => {
        const check = await checkRitualSnapshot(await ctx.session(), key);
        const human = [
          `${style.bold(check.record)}  ${check.ritual} ${check.occurrence}`,
          `  recomputed    ${check.recomputed}`,
          `  decision      ${check.decision}`,
          `  field         ${check.field ?? '—'}`,
          `  create audit  ${check.createAudit ?? '—'}`,
          check.ok ? style.ok('The snapshot matches its hash everywhere.') : style.warn('The snapshot does not match its recorded hash.'),
        ].join('\n');
        return { json: check, human, ...(check.ok ? {} : { exitCode: 1 }) };
      }),
    );
}

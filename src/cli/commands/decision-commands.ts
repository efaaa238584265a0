import type { Command } from 'commander';
import { decide, listDecisions } from '../../app/decide.ts';
import { collect, globals, wholeNumber, withGlobals } from '../command-helpers.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

export function registerDecisionCommands(program: Command): void {
  withGlobals(program.command('decide'))
    .description('append to the decision log')
    .requiredOption('--scope <scope>', 'what the decision is about, e.g. release')
    .requiredOption('--action <action>', 'the decision, e.g. release.go')
    .requiredOption('--summary <text>', 'one line')
    .option('--rationale <text>', 'why')
    .option('--record <key>', 'the record it is about')
    .option('--evidence <url>', 'a link to the evidence (repeatable)', collect, [])
    .action((o: { scope: string; action: string; summary: string; rationale?: string; record?: string; evidence: string[] }, cmd: Command) =>
      runCommand('decide', globals(cmd), async (ctx) => {
        const d = await decide(await ctx.session(), { ...o });
        return { json: d, human: `decision ${d.id} logged: ${d.scope} ${d.action}` };
      }),
    );
  withGlobals(program.command('decisions'))
    .description('list the decision log, newest first')
    .option('--scope <scope>')
    .option('--action <action>')
    .option('--record <key>')
    .option('--limit <n>', 'at most this many', wholeNumber)
    .action((o: { scope?: string; action?: string; record?: string; limit?: number }, cmd: Command) =>
      runCommand('decisions', globals(cmd), async (ctx) => {
        const ds = await listDecisions(await ctx.session(), o);
        const human =
          ds.length === 0
            ? style.dim('no decisions')
            : table(
                ['AT', 'ACTOR', 'SCOPE', 'ACTION', 'RECORD', 'SUMMARY'],
                ds.map((d) => [d.at.slice(0, 16), d.actor, d.scope, d.action, d.recordKey, d.summary]),
              );
        return { json: { decisions: ds }, human };
      }),
    );
}

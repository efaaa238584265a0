import type { Command } from 'commander';
import { auditTrail, verifyAudit } from '../../app/audit-trail.ts';
import { globals, wholeNumber, withGlobals } from '../command-helpers.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

export function registerAuditCommands(program: Command): void {
  const audit = withGlobals(program.command('audit'))
    .description('list the audit trail (of one record, with a key); `audit verify` checks its hash chain')
    .argument('[key]', 'a record key or title')
    .option('--limit <n>', 'at most this many entries', wholeNumber)
    .action((key: string | undefined, o: { limit?: number }, cmd: Command) =>
      runCommand('audit', globals(cmd), async (ctx) => {
        const entries = await auditTrail(await ctx.session(), { ref: key, limit: o.limit });
        const human = table(
          ['SEQ', 'AT', 'ACTOR', 'ACTION', 'RECORD'],
          entries.map((e) => [e.seq, e.at.slice(0, 19), e.actor, e.action, e.recordKey ?? '']),
        );
        return { json: { entries }, human };
      }),
    );
  withGlobals(audit.command('verify'))
    .description('recompute the SHA-256 hash chain and name the first altered entry')
    .action((_o: unknown, cmd: Command) =>
      runCommand('audit verify', globals(cmd), async (ctx) => {
        const result = await verifyAudit(await ctx.session());
        if (result.ok) return { json: result, human: `${style.ok('✓')} audit chain intact: ${result.entries} entries` };
        return {
          json: result,
          human: `${style.bad('✗')} audit chain broken at entry ${result.firstBad} of ${result.entries}: ${result.reason}`,
          exitCode: 1,
        };
      }),
    );
}

import type { Command } from 'commander';
import { type AuditKeysReport, auditKeys, rotateAuditKey } from '../../app/audit-keys.ts';
import { auditTrail, verifyAudit } from '../../app/audit-trail.ts';
import type { AuditVerification } from '../../app/verify-audit.ts';
import { globals, wholeNumber, withGlobals } from '../command-helpers.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

export function registerAuditCommands(program: Command): void {
  const audit = withGlobals(program.command('audit'))
    .description('list the audit trail (of one record, with a key); `audit verify` checks it end to end; `audit key` shows or rotates its signing key')
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
    .description('check the hash chain, every signature, the witness and the records the trail replays to; name the first bad entry or record')
    .action((_o: unknown, cmd: Command) =>
      runCommand('audit verify', globals(cmd), async (ctx) => {
        const result = await verifyAudit(await ctx.session());
        return { json: result, human: describeVerification(result), exitCode: result.ok ? 0 : 1 };
      }),
    );
  const key = audit.command('key').description("the workspace's audit signing key: `show` it, or `rotate` it (admins)");
  withGlobals(key.command('show'))
    .description('show the key that signs audit entries here, where it is kept, and every key the trail holds')
    .action((_o: unknown, cmd: Command) => runCommand('audit key show', globals(cmd), async (ctx) => keysOutput(await auditKeys(await ctx.session()))));
  withGlobals(key.command('rotate'))
    .description('replace the signing key with a new one; the rotation is itself a signed entry (admins)')
    .action((_o: unknown, cmd: Command) => runCommand('audit key rotate', globals(cmd), async (ctx) => keysOutput(await rotateAuditKey(await ctx.session()))));
}

function keysOutput(report: AuditKeysReport): { json: AuditKeysReport; human: string } {
  const human = [
    `signing key ${report.current.keyId} (kept in ${report.current.location})`,
    table(
      ['KEY', 'SIGNS ENTRIES', 'BROUGHT IN BY'],
      report.keys.map((k) => [k.keyId, `${k.from}–${k.to ?? 'now'}`, k.action]),
    ),
  ].join('\n');
  return { json: report, human };
}

/** One line for people: what was checked, or what is wrong and where. */
export function describeVerification(result: AuditVerification): string {
  if (result.ok) {
    return `${style.ok('✓')} audit trail intact: ${result.entries} entries signed and witnessed (to entry ${result.witnessed}), ${result.records} records and ${result.links} links as the trail replays them`;
  }
  if (result.check === 'records') return `${style.bad('✗')} ${result.reason}`;
  if (result.check === 'witness') return `${style.bad('✗')} audit trail broken: ${result.reason}`;
  return `${style.bad('✗')} audit trail broken at entry ${result.firstBad} of ${result.entries}: ${result.reason}`;
}

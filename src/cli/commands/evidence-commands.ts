import type { Command } from 'commander';
import { type EvidenceReport, recordEvidence } from '../../app/records/record-evidence.ts';
import { globals, withGlobals } from '../command-helpers.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

const mark = (changed: boolean) => (changed ? style.warn('changed') : 'unchanged');

/** The manifest as a reader checks it: the decision, its hash, and each item then and now. */
function describeEvidence(r: EvidenceReport): string {
  const rows = [
    [r.self.key, 'itself', `v${r.self.version}`, `v${r.self.now.version}`, mark(r.self.changed)],
    ...r.items.map((i) => [i.key, `${i.relation}${i.direction === 'inverse' ? ' (linking here)' : ''}`, `v${i.version}`, i.now ? `v${i.now.version}` : '—', mark(i.changed)]),
    ...r.links.map((l) => [l.value, l.field, '', '', mark(l.changed)]),
    ...r.added.map((a) => [a.key, `${a.relation}${a.direction === 'inverse' ? ' (linking here)' : ''}`, '—', 'linked since', style.warn('added')]),
  ];
  return [
    `${style.bold(r.record)}  ${r.decision.from} → ${r.decision.to} by ${r.decision.actor} at ${r.decision.at}`,
    `  ${style.dim('sha256:')} ${r.sha256}${r.intact ? '' : style.warn('  (the stored manifest no longer hashes to it)')}`,
    table(['ITEM', 'AS', 'FROZEN', 'NOW', 'STATE'], rows),
    r.changed ? style.warn('Something changed since the decision.') : 'Nothing changed since the decision.',
  ].join('\n');
}

export function registerEvidenceCommands(program: Command): void {
  withGlobals(program.command('evidence <key>'))
    .description("show the evidence frozen by a record's latest decision and whether anything changed since")
    .action((key: string, _o: unknown, cmd: Command) =>
      runCommand('evidence', globals(cmd), async (ctx) => {
        const report = await recordEvidence(await ctx.session(), key);
        return { json: report, human: describeEvidence(report) };
      }),
    );
}

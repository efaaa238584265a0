import type { Command } from 'commander';
import { gateCheck } from '../../app/records/gate-check.ts';
import { globals, withGlobals } from '../command-helpers.ts';
import { style } from '../render.ts';
import { runCommand } from '../runtime.ts';

export function registerGateCommands(program: Command): void {
  const gate = program.command('gate').description('gates');
  withGlobals(gate.command('check <keyOrDatabase>'))
    .description('evaluate, without changing anything, the gates a record or every record of a database would meet next')
    .option('--blocked', 'show only records with a blocked next status')
    .action((target: string, o: { blocked?: boolean }, cmd: Command) =>
      runCommand('gate check', globals(cmd), async (ctx) => {
        const session = await ctx.session();
        const isDb = session.databases.has(target) || [...session.databases.values()].some((d) => d.name === target);
        const report = await gateCheck(session, isDb ? { database: target } : { ref: target });
        const lines: string[] = [];
        for (const r of report.records) {
          if (o.blocked && r.next.every((n) => n.passes)) continue;
          lines.push(`${style.bold(r.record)} ${style.dim(`(${r.status})`)}`);
          for (const n of r.next) {
            lines.push(`  ${n.passes ? style.ok('✓') : style.bad('✗')} → ${n.to}${n.gates.length ? style.dim(` [${n.gates.join(', ')}]`) : ''}`);
            for (const u of n.unmet) lines.push(`      ${u.gate}/${u.criterion}: ${u.message}${u.error ? style.dim(` (${u.error})`) : ''}`);
          }
        }
        lines.push(style.dim(`${report.checked} checked, ${report.blocked} with a blocked next status`));
        return { json: report, human: lines.join('\n') };
      }),
    );
}

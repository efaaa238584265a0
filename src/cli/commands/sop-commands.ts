import type { Command } from 'commander';
import { checkSop, readSop, type SopReport } from '../../app/records/sop-checklist.ts';
import { invalidInput } from '../../core/errors.ts';
import { globals, withGlobals } from '../command-helpers.ts';
import { style } from '../render.ts';
import { runCommand } from '../runtime.ts';

/** `CHG-0001 SOP: 1 of 3 done`, then `[x] 1. Submit … (ana, 2026-03-02 09:30)` per step. */
function describe(sop: SopReport): string {
  if (sop.total === 0) return style.dim(`${sop.record}'s database (${sop.database}) has no SOP`);
  const lines = sop.steps.map((s) => {
    const who = s.done ? style.dim(` (${s.checkedBy}, ${(s.checkedAt ?? '').slice(0, 16).replace('T', ' ')})`) : '';
    return `  ${s.done ? style.ok('[x]') : '[ ]'} ${s.step}. ${s.text}${who}`;
  });
  return [`${style.bold(sop.record)} SOP: ${sop.done} of ${sop.total} done`, ...lines].join('\n');
}

function stepNumbers(key: string, steps: readonly string[]): number[] {
  const bad = steps.filter((s) => !/^\d+$/.test(s));
  if (bad.length > 0) throw invalidInput(`'${bad[0]}' is not a step number; give the steps' numbers, e.g. eos sop check ${key} 1 2`, { steps: bad });
  return steps.map(Number);
}

export function registerSopCommands(program: Command): void {
  const sop = withGlobals(program.command('sop'))
    .description("show a record's SOP checklist; `sop check` / `sop uncheck` tick steps")
    .argument('<key>', 'a record key or title')
    .action((key: string, _o: unknown, cmd: Command) =>
      runCommand('sop', globals(cmd), async (ctx) => {
        const report = await readSop(await ctx.session(), key);
        return { json: report, human: describe(report) };
      }),
    );
  for (const [name, done] of [
    ['check', true],
    ['uncheck', false],
  ] as const) {
    withGlobals(sop.command(`${name} <key> <steps...>`))
      .description(done ? 'tick SOP steps of a record (by number, from 1)' : 'untick SOP steps of a record')
      .action((key: string, steps: string[], _o: unknown, cmd: Command) =>
        runCommand(`sop ${name}`, globals(cmd), async (ctx) => {
          const report = await checkSop(await ctx.session(), { ref: key, step: stepNumbers(key, steps), done });
          return { json: report, human: describe(report) };
        }),
      );
  }
}

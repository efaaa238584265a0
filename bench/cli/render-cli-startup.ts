import { fmt } from '../report.ts';
import type { CliStartupResult } from './cli-startup-phase.ts';

/** The CLI start-up table (Markdown): median and fastest wall time, and the ratios issue 13 sets limits on. */
export function renderCliStartup(r: CliStartupResult): string {
  const ratio = (a: number, b: number) => `${fmt(a / b, 2)}×`;
  const row = (label: string, d: CliStartupResult['node'], against: string) => `| ${label} | ${fmt(d.p50Ms)} | ${fmt(d.minMs)} | ${against} |`;
  return [
    `CLI start-up, ${r.node.runs} interleaved runs of each (a fresh process from spawn to exit, ms):`,
    '',
    '| command | p50 ms | min ms | ratio (p50) |',
    '|---|--:|--:|---|',
    row('`node -e 0`', r.node, '1×'),
    row('`eos --version`', r.version, `${ratio(r.version.p50Ms, r.node.p50Ms)} node -e 0 (limit 5×)`),
    row('`eos --help`', r.help, `${ratio(r.help.p50Ms, r.node.p50Ms)} node -e 0 (limit 5×)`),
    row('PGlite open + one SELECT (bench/cli/pglite-open-select.js)', r.rawPglite, `${ratio(r.rawPglite.p50Ms, r.node.p50Ms)} node -e 0`),
    row('`eos db list`, embedded workspace', r.dbList, `${ratio(r.dbList.p50Ms, r.rawPglite.p50Ms)} PGlite open + SELECT (limit 1.5×)`),
  ].join('\n');
}

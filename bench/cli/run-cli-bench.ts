import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { cliStartupPhase } from './cli-startup-phase.ts';
import { renderCliStartup } from './render-cli-startup.ts';

/** `npm run bench:cli -- [--runs N]`: only the CLI start-up section of `npm run bench` (docs/benchmarks.md). */
const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const runs = Number(values.runs ?? 10);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, not '${values.runs}'`);
const before = loadavg();
const result = await cliStartupPhase(runs);
const after = loadavg();
process.stdout.write(
  [
    `# eos CLI start-up, ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; load average before ${before.map((l) => l.toFixed(2)).join(' ')}, after ${after.map((l) => l.toFixed(2)).join(' ')}.`,
    '',
    renderCliStartup(result),
    '',
  ].join('\n'),
);

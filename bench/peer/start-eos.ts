import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { call, type PeerTarget, type TaskRow } from './peer-target.ts';

const EOS = fileURLToPath(new URL('../../bin/eos.js', import.meta.url));
const PACK = fileURLToPath(new URL('../pack', import.meta.url));

function eos(args: readonly string[], env: NodeJS.ProcessEnv): string {
  const run = spawnSync(process.execPath, [EOS, ...args], { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`eos ${args.join(' ')} exited with ${run.status}: ${run.stderr}`);
  return run.stdout;
}

function csvOf(rows: readonly TaskRow[]): string {
  return ['Title,Status,Estimate,Spent', ...rows.map((r) => `${r.Title},${r.Status},${r.Estimate},${r.Spent}`)].join('\n');
}

/** `eos serve` on a new embedded workspace of bench/pack, with an admin's API token; its `tasks` database. */
export async function startEos(): Promise<PeerTarget> {
  const home = mkdtempSync(join(tmpdir(), 'eos-peer-'));
  const env = { ...process.env, EOS_HOME: home, EOS_USER: 'bench', EOS_ALERTS: 'off' };
  eos(['init', '--pack', PACK], env);
  eos(['user', 'add', 'bench', '--role', 'admin'], env);
  const { token } = JSON.parse(eos(['token', 'create', 'bench', '--json'], env)) as { token: string };
  const child: ChildProcess = spawn(process.execPath, [EOS, 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const base = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
      const match = /eos serves workspace 'default' \(.*\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`eos serve exited with ${code}: ${err}`)));
  });
  const headers = { authorization: `Bearer ${token}` };
  const api = `${base}/api/v1`;
  const versions = new Map<string, number>();
  return {
    name: 'eos (PGlite)',
    headers,
    listUrl: `${api}/records?database=tasks&where=${encodeURIComponent('record.Estimate > 5')}&limit=50&n=[<id>]`,
    insertBatch: async (rows) => {
      await call('POST', `${api}/imports`, headers, { database: 'tasks', csv: csvOf(rows) });
    },
    ids: async (limit) => {
      const { records } = (await call('GET', `${api}/records?database=tasks&limit=${limit}`, headers)) as { records: { key: string; version: number }[] };
      for (const r of records) versions.set(r.key, r.version);
      return records.map((r) => r.key);
    },
    get: async (key) => {
      await call('GET', `${api}/records/${encodeURIComponent(key)}`, headers);
    },
    update: async (key, spent) => {
      const { record } = (await call(
        'PATCH',
        `${api}/records/${encodeURIComponent(key)}`,
        { ...headers, 'if-match': String(versions.get(key)) },
        { fields: { Spent: spent } },
      )) as {
        record: { version: number };
      };
      versions.set(key, record.version);
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(home, { recursive: true, force: true });
    },
  };
}

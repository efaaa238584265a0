import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOCODB_VERSION } from './ensure-nocodb.ts';
import { call, type PeerTarget } from './peer-target.ts';

const LAUNCHER = fileURLToPath(new URL('./nocodb-server.cjs', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function healthy(base: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`NocoDB exited with ${child.exitCode}: ${log().slice(-2000)}`);
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`NocoDB did not answer ${base}/api/v1/health within 180 s: ${log().slice(-2000)}`);
}

/** NocoDB on its embedded SQLite (a new file), its first user signed up, a base with a `tasks` table like eos's. */
export async function startNocodb(peer: { dir: string; node: string }): Promise<PeerTarget> {
  const data = mkdtempSync(join(tmpdir(), 'eos-peer-nocodb-'));
  const port = await freePort();
  const env = {
    ...process.env,
    EOS_PEER_DIR: peer.dir,
    PORT: String(port),
    NC_DB: `sqlite3://?database=${join(data, 'noco.db')}`,
    NC_DISABLE_TELE: 'true',
    NC_AUTH_JWT_SECRET: 'eos-bench-peer',
    NODE_ENV: 'production',
  };
  let output = '';
  const child = spawn(peer.node, [LAUNCHER], { env, cwd: data, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  try {
    await healthy(base, child, () => output);
    const { token } = (await call('POST', `${base}/api/v1/auth/user/signup`, {}, { email: 'bench@example.com', password: 'Bench-peer-2026!' })) as { token: string };
    const headers = { 'xc-auth': token };
    const { id: baseId } = (await call('POST', `${base}/api/v2/meta/bases`, headers, { title: 'bench' })) as { id: string };
    const { id: tableId } = (await call('POST', `${base}/api/v2/meta/bases/${baseId}/tables`, headers, {
      table_name: 'tasks',
      title: 'tasks',
      columns: [
        { column_name: 'title', title: 'Title', uidt: 'SingleLineText' },
        { column_name: 'status', title: 'Status', uidt: 'SingleLineText' },
        { column_name: 'estimate', title: 'Estimate', uidt: 'Number' },
        { column_name: 'spent', title: 'Spent', uidt: 'Number' },
      ],
    })) as { id: string };
    const records = `${base}/api/v2/tables/${tableId}/records`;
    return {
      name: `NocoDB ${NOCODB_VERSION} (SQLite)`,
      headers,
      listUrl: `${records}?where=${encodeURIComponent('(Estimate,gt,5)')}&limit=50&n=[<id>]`,
      insertBatch: async (rows) => {
        await call('POST', records, headers, rows);
      },
      ids: async (limit) => {
        const { list } = (await call('GET', `${records}?fields=Id&limit=${limit}`, headers)) as { list: { Id: number }[] };
        return list.map((r) => String(r.Id));
      },
      get: async (id) => {
        await call('GET', `${records}/${id}`, headers);
      },
      update: async (id, spent) => {
        await call('PATCH', records, headers, [{ Id: Number(id), Spent: spent }]);
      },
      stop: async () => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
        rmSync(data, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(data, { recursive: true, force: true });
    throw error;
  }
}

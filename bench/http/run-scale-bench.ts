import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deleteWorkspace } from '../../src/store/workspace-dump.ts';
import { openPostgresEngine } from '../engines.ts';
import { benchWorkspace, LIST_QUERY } from './bench-workspace.ts';

/**
 * `npm run bench:scale`: one, two and four `eos serve` processes on one PostgreSQL behind a
 * round-robin proxy (bench/http/round-robin-proxy.ts, its own process), over a bench-pack
 * workspace. For each count it measures, with autocannon: the uncached filtered list (the proxy
 * makes every URL distinct, so the response cache misses) and the cached GET of one record; then
 * it checks that writes stay correct across processes: concurrent PATCHes with the same If-Match
 * (one wins, the rest get 412), and read-modify-write increments retried on 412 (no increment is
 * lost); and that the alert pass, scheduled every 2 s on every server, ran once per tick.
 * Results (Markdown) go to stdout; docs/deploy.md and docs/benchmarks.md record them.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const AUTOCANNON = join(ROOT, 'node_modules/.bin/autocannon');
const RUN_TS = join(ROOT, 'bin/run-ts.js');

function firstMatch(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 120 s:\n${seen.slice(-2000)}`)), 120_000);
    const look = (d: Buffer) => {
      seen += d;
      const m = pattern.exec(seen);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${seen.slice(-2000)}`)));
  });
}

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  readonly log: string[];
}

async function startServer(o: { postgresUrl: string; workspace: string; home: string }): Promise<Server> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/eos.js'), 'serve', '--port', '0', '-w', o.workspace], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: o.postgresUrl,
      EOS_HOME: o.home,
      EOS_ALERTS_CRON: '*/2 * * * * *',
      EOS_AUDIT_VERIFY_CRON: 'off',
      EOS_USER: 'bench',
      EOS_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  child.stdout.on('data', (d) => log.push(String(d)));
  const url = await firstMatch(child, /at (http:\/\/127\.0\.0\.1:\d+)/, 'eos serve');
  return { child, url, log };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function autocannon(url: string, o: { connections: number; seconds: number; headers: Record<string, string> }): Promise<{ rps: number; p50: number; p99: number; non2xx: number }> {
  const args = ['-c', String(o.connections), '-d', String(o.seconds), '-j', ...Object.entries(o.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  return new Promise((resolve, reject) => {
    const child = spawn(AUTOCANNON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number };
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx });
    });
  });
}

/** Concurrent PATCHes of one record, all with the version read first: exactly one may win. */
async function sameIfMatch(base: string, headers: Record<string, string>, key: string, writers: number): Promise<{ ok: number; stale: number; other: number }> {
  const read = await fetch(`${base}/api/v1/records/${key}`, { headers });
  const etag = read.headers.get('etag') ?? '';
  const answers = await Promise.all(
    Array.from({ length: writers }, (_, i) =>
      fetch(`${base}/api/v1/records/${key}`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/json', 'if-match': etag },
        body: JSON.stringify({ fields: { 'Rollback Plan': `writer ${i}` } }),
      }).then((r) => r.status),
    ),
  );
  return { ok: answers.filter((s) => s === 200).length, stale: answers.filter((s) => s === 412).length, other: answers.filter((s) => s !== 200 && s !== 412).length };
}

/** Workers add 1 to a number field by read, then PATCH with If-Match, again on 412: the sum must be exact. */
async function increments(base: string, headers: Record<string, string>, key: string, workers: number, each: number): Promise<{ expected: number; got: number; retries: number }> {
  const field = 'Amount Actual';
  const start = Number(((await (await fetch(`${base}/api/v1/records/${key}`, { headers })).json()) as { fields: Record<string, unknown> }).fields[field] ?? 0);
  let retries = 0;
  const worker = async () => {
    for (let n = 0; n < each; n++) {
      for (;;) {
        const r = await fetch(`${base}/api/v1/records/${key}`, { headers: { ...headers, 'cache-control': 'no-cache' } });
        const body = (await r.json()) as { fields: Record<string, unknown>; version: number };
        const w = await fetch(`${base}/api/v1/records/${key}`, {
          method: 'PATCH',
          headers: { ...headers, 'content-type': 'application/json', 'if-match': `"${body.version}"` },
          body: JSON.stringify({ fields: { [field]: Number(body.fields[field] ?? 0) + 1 } }),
        });
        await w.arrayBuffer();
        if (w.status === 200) break;
        if (w.status !== 412) throw new Error(`PATCH answered ${w.status}`);
        retries++;
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const end = Number(((await (await fetch(`${base}/api/v1/records/${key}`, { headers })).json()) as { fields: Record<string, unknown> }).fields[field] ?? 0);
  return { expected: start + workers * each, got: end, retries };
}

interface Row {
  readonly servers: number;
  readonly list: Awaited<ReturnType<typeof autocannon>>;
  readonly record: Awaited<ReturnType<typeof autocannon>>;
  readonly ifMatch: Awaited<ReturnType<typeof sameIfMatch>>;
  readonly inc: Awaited<ReturnType<typeof increments>>;
  readonly passes: number;
  readonly ticks: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      records: { type: 'string', default: '20000' },
      servers: { type: 'string', default: '1,2,4' },
      'postgres-url': { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const postgresUrl = values['postgres-url'] ?? process.env.EOS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const counts = (values.servers ?? '').split(',').map(Number);
  const engine = await openPostgresEngine(postgresUrl);
  const workspace = `bench-scale-${randomBytes(3).toString('hex')}`;
  const home = mkdtempSync(join(tmpdir(), 'eos-scale-'));
  const rows: Row[] = [];
  try {
    process.stderr.write(`creating workspace ${workspace} of ${values.records} records …\n`);
    const { token, recordKey } = await benchWorkspace(engine, workspace, Number(values.records));
    const headers = { authorization: `Bearer ${token}` };
    const list = new URLSearchParams({ database: LIST_QUERY.database, where: LIST_QUERY.where, sort: LIST_QUERY.sort, limit: String(LIST_QUERY.limit) });
    for (const count of counts) {
      process.stderr.write(`[${count} servers] starting …\n`);
      const servers: Server[] = [];
      for (let i = 0; i < count; i++) servers.push(await startServer({ postgresUrl, workspace, home }));
      const proxies: ChildProcess[] = [];
      const proxyFor = async (bust: boolean) => {
        const child = spawn(process.execPath, [RUN_TS, 'bench/http/round-robin-proxy.ts', ...(bust ? ['--bust'] : []), ...servers.map((s) => s.url)], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        proxies.push(child);
        return firstMatch(child, /(http:\/\/127\.0\.0\.1:\d+)/, 'the proxy');
      };
      try {
        const busting = await proxyFor(true);
        const plain = await proxyFor(false);
        const before = await engine.query<{ n: number }>(`select count(*)::int as n from schedule_ticks where workspace_id = $1 and job = 'alert-pass'`, [workspace]);
        const passesBefore = servers.reduce((n, s) => n + s.log.join('').split('"msg":"alert pass"').length - 1, 0);
        await autocannon(`${busting}/api/v1/records?${list}`, { connections, seconds: 2, headers });
        process.stderr.write(`[${count} servers] uncached list …\n`);
        const listResult = await autocannon(`${busting}/api/v1/records?${list}`, { connections, seconds, headers });
        process.stderr.write(`[${count} servers] cached record …\n`);
        const recordResult = await autocannon(`${plain}/api/v1/records/${encodeURIComponent(recordKey)}`, { connections, seconds, headers });
        process.stderr.write(`[${count} servers] writes …\n`);
        const ifMatch = await sameIfMatch(plain, headers, recordKey, 8);
        const inc = await increments(plain, headers, recordKey, 8, 10);
        const after = await engine.query<{ n: number }>(`select count(*)::int as n from schedule_ticks where workspace_id = $1 and job = 'alert-pass'`, [workspace]);
        const passes = servers.reduce((n, s) => n + s.log.join('').split('"msg":"alert pass"').length - 1, 0) - passesBefore;
        rows.push({ servers: count, list: listResult, record: recordResult, ifMatch, inc, passes, ticks: (after[0]?.n ?? 0) - (before[0]?.n ?? 0) });
      } finally {
        for (const p of proxies) await stop(p);
        for (const s of servers) await stop(s.child);
      }
    }
  } finally {
    await deleteWorkspace(engine.store.db, workspace).catch(() => undefined);
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const one = rows[0];
  const lines = rows.map(
    (r) =>
      `| ${r.servers} | ${n(r.list.rps)}${r.list.non2xx ? ` (${r.list.non2xx} non-2xx)` : ''} | ${one ? (r.list.rps / one.list.rps).toFixed(2) : ''}× | ${r.list.p50} / ${r.list.p99} | ${n(r.record.rps)} | ${one ? (r.record.rps / one.record.rps).toFixed(2) : ''}× | ${r.ifMatch.ok} × 200, ${r.ifMatch.stale} × 412${r.ifMatch.other ? `, ${r.ifMatch.other} other` : ''} | ${r.inc.got} of ${r.inc.expected} (${r.inc.retries} retries after 412) | ${r.passes} passes, ${r.ticks} ticks |`,
  );
  const machine = `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  process.stdout.write(
    `${new Date().toISOString()} · Node ${process.version} · ${machine} · ${values.records} records · ${connections} connections, ${seconds} s per case\n\n` +
      [
        '| eos serve processes | uncached list req/s | vs 1 | list p50 / p99 ms | cached GET record req/s | vs 1 | 8 PATCHes, same If-Match | 8 × 10 increments with If-Match | alert passes (every 2 s) |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
        ...lines,
      ].join('\n') +
      '\n',
  );
}

await main();

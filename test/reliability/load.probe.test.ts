import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/engines.ts';
import { type ProbeServer, type ProbeWorkspace, percentile, probeWorkspace, startServer, stopServer } from './support/probe-server.ts';

const AUTOCANNON = fileURLToPath(new URL('../../node_modules/.bin/autocannon', import.meta.url));
const CONNECTIONS = Number(process.env.EOS_PROBE_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.EOS_PROBE_SECONDS ?? 15);
/** The CSV import sent during the load; POST /imports takes at most 32 MiB. */
const IMPORT_MB = Number(process.env.EOS_PROBE_IMPORT_MB ?? 5);
const SEEDED = 2000;

interface LoadResult {
  readonly requests: { readonly total: number; readonly average: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly '5xx': number;
}

/** autocannon in its own process, so the load it makes doesn't slow the probe's own /healthz timing. */
function load(url: string, headers: Record<string, string>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const args = ['-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', '-n', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
    const child = spawn(AUTOCANNON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** A CSV of about `mb` MiB for the changes database of the mini pack. */
function bigCsv(mb: number): string {
  const row = (i: number) => `Load import ${i} ${'x'.repeat(60)},${i % 97}`;
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const r = row(i);
    rows.push(r);
    size += r.length + 1;
  }
  return `Title,Points\n${rows.join('\n')}\n`;
}

// /healthz p99 under 100 ms while 50 connections list records and a large CSV import runs (issue 11,
// point 4): the server stays responsive, and no request of the load answers 5xx.
describe.each(ENGINES)('50-connection list load and an import, on %s', (engine) => {
  let workspace: ProbeWorkspace;
  let server: ProbeServer;
  beforeAll(async () => {
    workspace = await probeWorkspace(engine, { records: SEEDED });
    server = await startServer(workspace);
  });
  afterAll(async () => {
    if (server) await stopServer(server);
    await workspace?.remove();
  });

  it(`keeps /healthz p99 under 100 ms`, async () => {
    const csv = bigCsv(IMPORT_MB);
    const headers = { ...workspace.headers, 'content-type': 'application/json' };
    const listing = load(`${server.url}/api/v1/records?database=changes&limit=50`, workspace.headers);
    let importStatus = 0;
    const importing =
      IMPORT_MB > 0
        ? fetch(`${server.url}/api/v1/imports`, { method: 'POST', headers, body: JSON.stringify({ database: 'changes', csv, dryRun: true }) })
            .then((r) => {
              importStatus = r.status;
            })
            .catch((error: Error) => {
              importStatus = -1;
              console.info(`[probe] the import failed: ${error.message}; server stderr: ${server.stderr().slice(-2000)}`);
            })
        : Promise.resolve();
    const healthz: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    while (Date.now() < deadline) {
      const started = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      await res.arrayBuffer();
      healthz.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const result = await listing;
    await importing;
    const figures = {
      engine,
      healthz: { samples: healthz.length, p50: Math.round(percentile(healthz, 50)), p99: Math.round(percentile(healthz, 99)), max: Math.round(Math.max(...healthz)) },
      list: {
        requests: result.requests.total,
        perSecond: Math.round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      },
      import: { mb: IMPORT_MB, status: importStatus },
    };
    console.info(`[probe] ${JSON.stringify(figures)}`);
    expect(result.errors).toBe(0);
    expect(result.non2xx).toBe(0);
    if (IMPORT_MB > 0) expect(importStatus).toBe(200);
    expect(percentile(healthz, 99)).toBeLessThan(100);
  });
});

import autocannon from 'autocannon';
import { percentile, progress } from '../measure.ts';
import type { PeerTarget, TaskRow } from './peer-target.ts';

export interface PeerOptions {
  readonly rows: number;
  readonly batch: number;
  readonly connections: number;
  readonly seconds: number;
  readonly ops: number;
}

export interface PeerResult {
  readonly name: string;
  readonly insertRowsPerS: number;
  readonly listReqPerS: number;
  readonly listNon2xx: number;
  /** Requests that failed or timed out (autocannon's 10 s), not counted in listReqPerS. */
  readonly listFailed: number;
  readonly getP50Ms: number;
  readonly updateP50Ms: number;
}

function rowsOf(from: number, count: number): TaskRow[] {
  // Backlog: eos checks the gates into later statuses on create (an assignee, an estimate), NocoDB has none.
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return { Title: `Task ${n}`, Status: 'Backlog', Estimate: n % 10, Spent: n % 7 };
  });
}

/** autocannon's API (the servers run in their own processes), `[<id>]` in the URL's path made new per request. */
async function listLoad(url: string, headers: Readonly<Record<string, string>>, connections: number, seconds: number): Promise<{ rps: number; non2xx: number; failed: number }> {
  const { origin, pathname, search } = new URL(url.replace('[<id>]', 'ID'));
  const path = `${pathname}${search}`;
  let n = 0;
  const result = await autocannon({
    url: origin,
    connections,
    duration: seconds,
    headers: { ...headers },
    requests: [{ setupRequest: (request) => ({ ...request, path: path.replace('ID', String(++n)) }) }],
  });
  return { rps: result.requests.average, non2xx: result.non2xx, failed: result.errors + result.timeouts };
}

async function p50(ids: readonly string[], ops: number, op: (id: string, i: number) => Promise<void>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < ops; i++) {
    const id = ids[i % ids.length] as string;
    const started = performance.now();
    await op(id, i);
    samples.push(performance.now() - started);
  }
  return percentile(samples, 0.5);
}

/** The issue 13 measures, one target at a time: HTTP bulk insert, the uncached filtered list at N connections, get and update p50. */
export async function measurePeer(target: PeerTarget, o: PeerOptions): Promise<PeerResult> {
  progress(`[${target.name}] inserting ${o.rows} rows in batches of ${o.batch} …`);
  const started = performance.now();
  try {
    for (let from = 0; from < o.rows; from += o.batch) await target.insertBatch(rowsOf(from, Math.min(o.batch, o.rows - from)));
  } catch (error) {
    // Seen here: NocoDB 0.301.3 on sqlite3 built from its sources refuses 1000-row requests (SQLITE_ERROR "Expression").
    throw new Error(`${target.name} refused a ${o.batch}-row insert (${(error as Error).message}); --batch 100 is what it took here`);
  }
  const insertRowsPerS = o.rows / ((performance.now() - started) / 1000);
  progress(`[${target.name}] filtered list, ${o.connections} connections, ${o.seconds} s …`);
  await listLoad(target.listUrl, target.headers, o.connections, 1); // warm-up
  const list = await listLoad(target.listUrl, target.headers, o.connections, o.seconds);
  progress(`[${target.name}] ${o.ops} gets and ${o.ops} updates …`);
  const ids = await target.ids(100);
  if (ids.length === 0) throw new Error(`${target.name}: the table is empty after the inserts`);
  const getP50Ms = await p50(ids, o.ops, (id) => target.get(id));
  const updateP50Ms = await p50(ids, o.ops, (id, i) => target.update(id, 100 + i));
  return { name: target.name, insertRowsPerS, listReqPerS: list.rps, listNon2xx: list.non2xx, listFailed: list.failed, getP50Ms, updateP50Ms };
}

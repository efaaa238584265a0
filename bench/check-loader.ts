import { randomUUID } from 'node:crypto';
import { importCsv } from '../src/app/import/import-csv.ts';
import { initWorkspace } from '../src/app/init-workspace.ts';
import { readPack } from '../src/app/read-pack.ts';
import { openSession, type Session } from '../src/app/session.ts';
import { verifyChain } from '../src/core/audit/audit-entry.ts';
import { listAudit } from '../src/store/audit-rows.ts';
import { bulkLoad } from './bulk-load.ts';
import { type BenchEngine, openPgliteEngine } from './engines.ts';
import { type GeneratedData, generateData, toCsv } from './generate-data.ts';
import { BENCH_PACK } from './options.ts';

/**
 * Proves the bulk loader writes what importCsv writes: the same data goes into two workspaces,
 * one through importCsv and one through bulkLoad, and every record (key, title, status,
 * fields, source ref), every link and the audit chain must match.
 *
 *   node bin/run-ts.js bench/check-loader.ts [records]
 */

async function newSession(engine: BenchEngine, clock: () => Date): Promise<Session> {
  const workspaceId = `check-${randomUUID().slice(0, 8)}`;
  const { pack } = readPack(BENCH_PACK);
  await initWorkspace({ store: engine.store, workspaceId, pack, actor: 'bench', now: clock() });
  return openSession({ store: engine.store, workspaceId, actor: 'bench', clock });
}

async function snapshot(engine: BenchEngine, ws: string): Promise<Map<string, string>> {
  const rows = await engine.query<{ database: string; key: string; title: string; status: string; fields: unknown; unresolved: unknown; source_ref: string; version: number }>(
    'select database, key, title, status, fields, unresolved, source_ref, version from records where workspace_id = $1',
    [ws],
  );
  const links = await engine.query<{ from_db: string; from_key: string; field: string; to_key: string; position: number }>(
    `select f.database as from_db, f.key as from_key, l.field, t.key as to_key, l.position
       from links l join records f on f.workspace_id = l.workspace_id and f.id = l.from_id
       join records t on t.workspace_id = l.workspace_id and t.id = l.to_id
      where l.workspace_id = $1`,
    [ws],
  );
  const out = new Map<string, string>();
  // A field set to null and a field left out read the same (CEL sees null for both).
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== null)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : v;
  for (const r of rows) out.set(`${r.database}/${r.key}`, JSON.stringify({ ...r, fields: sorted(r.fields), unresolved: sorted(r.unresolved) }));
  for (const l of links) out.set(`${l.from_db}/${l.from_key}#${l.field}#${l.position}`, l.to_key);
  return out;
}

export async function checkLoader(data: GeneratedData): Promise<string[]> {
  const engine = await openPgliteEngine();
  const clock = () => new Date('2026-11-22T12:00:00.000Z');
  try {
    const viaImport = await newSession(engine, clock);
    for (const db of data.databases) {
      const report = await importCsv(viaImport, { database: db.id, file: `${db.id}.csv`, text: toCsv(db.header, db.cells) });
      if (report.created !== db.rows) throw new Error(`importCsv created ${report.created} of ${db.rows} ${db.id} rows: ${JSON.stringify(report.problems.slice(0, 3))}`);
    }
    const viaBulk = await newSession(engine, clock);
    await bulkLoad(engine, viaBulk, data.databases, new Map(data.databases.map((d) => [d.id, d.rows])));
    const a = await snapshot(engine, viaImport.workspaceId);
    const b = await snapshot(engine, viaBulk.workspaceId);
    const problems: string[] = [];
    for (const [k, v] of a) if (b.get(k) !== v) problems.push(`${k}: import ${v} ≠ bulk ${b.get(k) ?? 'missing'}`);
    for (const k of b.keys()) if (!a.has(k)) problems.push(`${k}: only the bulk loader wrote it`);
    for (const session of [viaImport, viaBulk]) {
      const chain = verifyChain(await listAudit(engine.store.db, session.workspaceId));
      if (!chain.ok) problems.push(`${session.workspaceId}: audit chain broken at ${chain.firstBad}: ${chain.reason}`);
    }
    return problems;
  } finally {
    await engine.close();
  }
}

if (process.argv[1]?.endsWith('check-loader.ts')) {
  const records = Number(process.argv[2] ?? 1000);
  const data = generateData({ records, seed: 42 });
  const problems = await checkLoader(data);
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} differences, e.g.:\n${problems.slice(0, 10).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`bulk loader matches importCsv on ${data.records} records and ${data.links} links\n`);
}

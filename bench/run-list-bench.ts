import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { initWorkspace } from '../src/app/init-workspace.ts';
import { readPack } from '../src/app/read-pack.ts';
import { openSession } from '../src/app/session.ts';
import { deleteWorkspace } from '../src/store/workspace-dump.ts';
import { bulkLoad } from './bulk-load.ts';
import { type BenchEngine, openPgliteEngine, openPostgresEngine } from './engines.ts';
import { generateData } from './generate-data.ts';
import { progress } from './measure.ts';
import { BENCH_PACK } from './options.ts';
import { type ListResult, listPhase } from './phases.ts';

/**
 * `npm run bench:lists`: the list phase of `npm run bench` alone (every LIST_CASES case, eos's
 * listRecords against its hand-written SQL on the same engine), over a workspace the bulk loader
 * fills (no importCsv, no audit top-up), so a list change is measured in a minute or two.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '50000' },
      runs: { type: 'string', default: '30' },
      engines: { type: 'string', default: 'pglite,postgres' },
      'postgres-url': { type: 'string' },
    },
  });
  const postgresUrl = values['postgres-url'] ?? process.env.EOS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const data = generateData({ records: Number(values.records), seed: 42 });
  const rows: string[] = [];
  for (const kind of (values.engines ?? '').split(',')) {
    const engine: BenchEngine = kind === 'pglite' ? await openPgliteEngine() : await openPostgresEngine(postgresUrl);
    const workspaceId = `bench-lists-${randomBytes(3).toString('hex')}`;
    try {
      const { pack } = readPack(BENCH_PACK);
      await initWorkspace({ store: engine.store, workspaceId, pack, actor: 'bench' });
      const session = await openSession({ store: engine.store, workspaceId, actor: 'bench' });
      progress(`[${kind}] bulk-loading ${data.records} records …`);
      await bulkLoad(engine, session, data.databases, new Map(data.databases.map((d) => [d.id, d.rows])));
      // As `npm run bench` does after loading on PostgreSQL (its autovacuum would); PGlite has none.
      if (kind === 'postgres') await engine.query('analyze');
      const results: ListResult[] = await listPhase(engine, session, Number(values.runs));
      for (const r of results)
        rows.push(
          `| ${kind} | ${r.database} (${r.databaseRecords.toLocaleString('en-US')}), ${r.name} | ${r.matches} | ${r.sameResult ? 'yes' : '**no**'} | ${r.eos.p50Ms.toFixed(2)} / ${r.eos.p95Ms.toFixed(2)} | ${r.raw.p50Ms.toFixed(2)} / ${r.raw.p95Ms.toFixed(2)} | ${r.ratioP50.toFixed(2)}× / ${r.ratioP95.toFixed(2)}× | ${r.eos.queries} |`,
        );
    } finally {
      await deleteWorkspace(engine.store.db, workspaceId).catch(() => undefined);
      await engine.close();
    }
  }
  process.stdout.write(
    `${new Date().toISOString()} · Node ${process.version} · ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} · ${values.records} records · ${values.runs} runs a case\n\n` +
      [
        '| engine | case | rows | same rows as raw | eos p50 / p95 ms | raw SQL p50 / p95 ms | eos ÷ raw p50 / p95 | statements |',
        '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |',
        ...rows,
      ].join('\n') +
      '\n',
  );
}

await main();

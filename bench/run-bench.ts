import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { initWorkspace } from '../src/app/init-workspace.ts';
import { readPack } from '../src/app/read-pack.ts';
import { openSession } from '../src/app/session.ts';
import { deleteWorkspace } from '../src/store/workspace-dump.ts';
import { auditVerifyPhase } from './audit-phase.ts';
import { type CliStartupResult, cliStartupPhase } from './cli/cli-startup-phase.ts';
import { renderCliStartup } from './cli/render-cli-startup.ts';
import { type BenchEngine, openPgliteEngine, openPostgresEngine } from './engines.ts';
import { generateData } from './generate-data.ts';
import { progress, timed } from './measure.ts';
import { BENCH_PACK, type BenchOptions, parseOptions, USAGE } from './options.ts';
import { gatePhase, importPhase, listPhase, movePhase, shapedCopyPhase, type WorkspaceResult, workspacePhase } from './phases.ts';
import { type BenchResults, type EngineResult, renderCosts, renderNotes, renderTable } from './report.ts';

/**
 * `npm run bench`: eos against hand-written SQL on PGlite and on PostgreSQL, over 50k generated
 * records with 100k links in the ten databases of bench/pack. Progress goes to stderr, the
 * results table (Markdown) to stdout; --json FILE keeps every number. See docs/benchmarks.md.
 */

async function runEngine(kind: 'pglite' | 'postgres', options: BenchOptions, data: ReturnType<typeof generateData>): Promise<EngineResult> {
  progress(`[${kind}] opening …`);
  const engine: BenchEngine = kind === 'pglite' ? await openPgliteEngine() : await openPostgresEngine(options.postgresUrl);
  const runId = `${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}_${randomBytes(3).toString('hex')}`;
  const workspaceId = `bench-${runId}`;
  let created = false;
  try {
    const { pack } = readPack(BENCH_PACK);
    await initWorkspace({ store: engine.store, workspaceId, pack, actor: 'bench' });
    created = true;
    const session = await openSession({ store: engine.store, workspaceId, actor: 'bench' });
    progress(`[${kind}] ${engine.version}, workspace ${workspaceId}`);
    const analyze = options.analyze === 'always' || (options.analyze === 'auto' && kind === 'postgres');
    const imported = await importPhase(engine, session, data, options.importSample, runId, analyze);
    // Before the move phase: its raw UPDATEs (the baseline) are writes behind eos's back, which verify names.
    const auditVerify = await auditVerifyPhase(engine, session, options.auditEntries);
    const list = await listPhase(engine, session, options.listRuns);
    const gate = await gatePhase(engine, session, options.gateRuns);
    const move = await movePhase(engine, session, data, options.moves);
    const shapedCopy = await shapedCopyPhase(engine, data, `${workspaceId}-copy`);
    return {
      kind,
      label: engine.label,
      version: engine.version,
      workspace: workspaceId,
      analyzed: analyze,
      import: imported,
      list,
      gate,
      move,
      shapedCopy,
      auditVerify,
    };
  } finally {
    if (created && kind === 'postgres') {
      progress(`[${kind}] deleting workspace ${workspaceId} …`);
      const { ms } = await timed(() => deleteWorkspace(engine.store.db, workspaceId));
      progress(`[${kind}] deleted it in ${(ms / 1000).toFixed(1)} s`);
    }
    await engine.close();
  }
}

async function main(): Promise<void> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const started = performance.now();
  const loadBefore = loadavg();
  progress(`generating ${options.records} records (seed ${options.seed}) …`);
  const data = generateData({ records: options.records, seed: options.seed });
  progress(`generated ${data.records} records and ${data.links} links in ${data.databases.length} databases`);

  const errors: string[] = [];
  let workspaceCreation: WorkspaceResult | null = null;
  if (options.engines.includes('pglite') && !options.skipWorkspace) {
    try {
      workspaceCreation = await workspacePhase(options.workspaceRuns);
    } catch (error) {
      errors.push(`new-workspace timings: ${(error as Error).message}`);
    }
  }
  // Before the engines: their gigabytes of PGlite and caches would otherwise still be paging out.
  let cliStartup: CliStartupResult | null = null;
  if (options.cliRuns > 0) {
    try {
      cliStartup = await cliStartupPhase(options.cliRuns);
    } catch (error) {
      errors.push(`CLI start-up: ${(error as Error).message}`);
    }
  }
  const engines: EngineResult[] = [];
  for (const kind of options.engines) {
    try {
      engines.push(await runEngine(kind, options, data));
    } catch (error) {
      progress(`[${kind}] failed: ${(error as Error).stack ?? error}`);
      errors.push(`${kind}: ${(error as Error).message}`);
    }
  }
  const loadAfter = loadavg();
  const results: BenchResults = {
    date: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    options: { ...options },
    machine: {
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverageBefore: loadBefore.map((l) => l.toFixed(2)).join(' '),
      loadAverageAfter: loadAfter.map((l) => l.toFixed(2)).join(' '),
    },
    data: { records: data.records, links: data.links, seed: data.seed, databases: data.databases.map((d) => ({ id: d.id, rows: d.rows, links: d.links })) },
    workspaceCreation,
    cliStartup,
    engines,
    errors,
    totalSeconds: (performance.now() - started) / 1000,
  };
  const m = results.machine;
  const out = [
    `# eos benchmark, ${results.date.slice(0, 10)}`,
    '',
    `${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}; ${engines.map((e) => `${e.label} ${e.version}`).join('; ')}.`,
    `Load average before ${m.loadAverageBefore}, after ${m.loadAverageAfter}; the run took ${Math.round(results.totalSeconds)} s.`,
    '',
    renderTable(results),
    '',
    ...(cliStartup ? [renderCliStartup(cliStartup), ''] : []),
    'Statements sent per operation, and the share of its wall time spent waiting on the engine:',
    '',
    renderCosts(results),
    '',
    renderNotes(results),
    '',
  ].join('\n');
  process.stdout.write(out);
  if (options.json) {
    writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
    progress(`wrote ${options.json}`);
  }
  if (errors.length > 0) process.exitCode = 1;
}

await main();

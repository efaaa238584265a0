import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EngineKind } from '../src/store/store.ts';

export const BENCH_PACK = fileURLToPath(new URL('./pack', import.meta.url));

export interface BenchOptions {
  readonly records: number;
  readonly seed: number;
  readonly engines: readonly EngineKind[];
  readonly postgresUrl: string;
  /** Fraction of each database's rows that go through importCsv; the rest are bulk-loaded first. */
  readonly importSample: number;
  readonly listRuns: number;
  readonly gateRuns: number;
  readonly moves: number;
  readonly workspaceRuns: number;
  /** The audit trail the verify phase checks, topped up to this many entries. */
  readonly auditEntries: number;
  readonly skipWorkspace: boolean;
  /** Interleaved runs of the CLI start-up section (bench/cli); 0 skips it. */
  readonly cliRuns: number;
  /** Which engines get ANALYZE after loading: auto = PostgreSQL only (its autovacuum would; PGlite has none). */
  readonly analyze: 'auto' | 'always' | 'never';
  readonly json: string | undefined;
}

export const USAGE = `usage: npm run bench -- [options]

  --records N          records in all (default 50000; links are 2 per record)
  --seed N             PRNG seed of the generated data (default 42)
  --engines LIST       pglite,postgres (default both)
  --postgres-url URL   default $EOS_BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test
  --import-sample F    share of each database's rows imported through importCsv, 0 < F <= 1
                       (default 1; below 1 the leading rows are bulk-loaded first by
                       bench/bulk-load.ts and only the rest goes through importCsv)
  --list-runs N        timed runs of each list query (default 30)
  --gate-runs N        gate checks of the whole workspace (default 3)
  --moves N            timed moves, and as many raw UPDATEs (default 200)
  --workspace-runs N   new-workspace and initdb timings on PGlite (default 3)
  --audit-entries N    the trail audit verify checks, topped up to N entries (default 100000)
  --skip-workspace     skip the new-workspace timings
  --cli-runs N         runs of the CLI start-up section: eos --version, --help and db list
                       against node -e 0 and a raw PGlite open + SELECT (default 10; 0 skips)
  --analyze WHEN       ANALYZE after loading: auto (PostgreSQL only, as its autovacuum
                       would; PGlite has no autovacuum), always or never (default auto)
  --json FILE          also write every number as JSON
`;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not '${value}'`);
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      records: { type: 'string' },
      seed: { type: 'string' },
      engines: { type: 'string' },
      'postgres-url': { type: 'string' },
      'import-sample': { type: 'string' },
      'list-runs': { type: 'string' },
      'gate-runs': { type: 'string' },
      moves: { type: 'string' },
      'workspace-runs': { type: 'string' },
      'audit-entries': { type: 'string' },
      'skip-workspace': { type: 'boolean' },
      'cli-runs': { type: 'string' },
      analyze: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const engines = (values.engines ?? 'pglite,postgres').split(',').map((e) => e.trim());
  for (const e of engines) if (e !== 'pglite' && e !== 'postgres') throw new Error(`--engines: unknown engine '${e}' (use pglite, postgres)`);
  const importSample = values['import-sample'] === undefined ? 1 : Number(values['import-sample']);
  if (!(importSample > 0 && importSample <= 1)) throw new Error(`--import-sample must be in (0, 1], not '${values['import-sample']}'`);
  const analyze = values.analyze ?? 'auto';
  if (analyze !== 'auto' && analyze !== 'always' && analyze !== 'never') throw new Error(`--analyze must be auto, always or never, not '${analyze}'`);
  const records = positiveInt('records', values.records, 50_000);
  if (records < 100) throw new Error('--records must be at least 100');
  return {
    records,
    seed: positiveInt('seed', values.seed, 42),
    engines: engines as EngineKind[],
    postgresUrl: values['postgres-url'] ?? process.env.EOS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    importSample,
    listRuns: Math.max(1, positiveInt('list-runs', values['list-runs'], 30)),
    gateRuns: Math.max(1, positiveInt('gate-runs', values['gate-runs'], 3)),
    moves: Math.max(1, positiveInt('moves', values.moves, 200)),
    workspaceRuns: Math.max(1, positiveInt('workspace-runs', values['workspace-runs'], 3)),
    auditEntries: positiveInt('audit-entries', values['audit-entries'], 100_000),
    skipWorkspace: values['skip-workspace'] ?? false,
    cliRuns: positiveInt('cli-runs', values['cli-runs'], 10),
    analyze,
    json: values.json,
  };
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packInvalid } from '../../core/pack/pack-problem.ts';
import type { Pack } from '../../core/pack/pack-schema.ts';
import { decideIn } from '../decide.ts';
import { packFile } from '../pack-file.ts';
import type { Session } from '../session.ts';
import { inWriteTransaction } from '../write-context.ts';
import { decodeCsv } from './csv-table.ts';
import { fileDigest, type ImportReport, importCsv } from './import-csv.ts';

/** The pack's demo records: `demo/NN-<database id>.csv`, in file-name order. */
export function demoFiles(pack: Pack, dir: string): { database: string; file: string }[] {
  const folder = join(dir, 'demo');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => {
      const database = f.replace(/^\d+-/, '').replace(/\.csv$/, '');
      if (!pack.databases.some((d) => d.id === database)) {
        throw packInvalid([{ file: `demo/${f}`, line: 1, message: `demo/${f} names no database of the pack (expected demo/NN-<database id>.csv)` }]);
      }
      return { database, file: `demo/${f}` };
    });
}

/** Every CSV a pack's demo loads, in order, each resolved inside the pack folder (else a pack problem). */
export function starterFiles(pack: Pack, dir: string): { database: string; file: string; path: string }[] {
  const files = [...pack.databases.flatMap((db) => (db.starter ? [{ database: db.id, file: db.starter }] : [])), ...demoFiles(pack, dir)];
  return files.map((f) => ({ ...f, path: packFile(dir, f.file, `the starter of ${f.database}`) }));
}

/**
 * Imports every CSV starter a pack names, database by database in pack order, then the pack's
 * demo records (`demo/NN-<database id>.csv`, which link the starters into a story), through
 * `eos import csv`'s as-recorded path (ADR 043): the starters show work in every status, so
 * their statuses are taken as given and each record is marked `recordedAs: starter`. One
 * `import.as_recorded` decision names every file loaded, with its SHA-256 and row count.
 */
export async function loadStarters(session: Session, pack: Pack, dir: string): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  const loaded: { file: string; database: string; sha256: string; rows: number }[] = [];
  for (const { database, file, path } of starterFiles(pack, dir)) {
    const text = decodeCsv(readFileSync(path), file);
    const report = await importCsv(session, { database, file, text, asStarter: true });
    reports.push(report);
    if (report.created + report.updated > 0) loaded.push({ file, database, sha256: fileDigest(text), rows: report.rows });
  }
  if (loaded.length === 0) return reports;
  const rows = loaded.reduce((n, f) => n + f.rows, 0);
  await inWriteTransaction(session, 'load starters', (w) =>
    decideIn(w, {
      scope: 'workspace',
      action: 'import.as_recorded',
      summary: `${session.actor} loaded ${pack.manifest.id}'s ${loaded.length} starter file${loaded.length === 1 ? '' : 's'} (${rows} rows) as recorded: statuses taken as given, past every gate`,
      rationale: "The pack's starters and demo records show work in every status",
      details: { starter: true, pack: pack.manifest.id, files: loaded, rows, actor: session.actor },
    }),
  );
  return reports;
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packInvalid } from '../../core/pack/pack-problem.ts';
import type { Pack } from '../../core/pack/pack-schema.ts';
import { packFile } from '../pack-file.ts';
import type { Session } from '../session.ts';
import { decodeCsv } from './csv-table.ts';
import { type ImportReport, importCsv } from './import-csv.ts';

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
 * the same import (and gates) as `eos import csv`.
 */
export async function loadStarters(session: Session, pack: Pack, dir: string): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const { database, file, path } of starterFiles(pack, dir)) {
    reports.push(await importCsv(session, { database, file, text: decodeCsv(readFileSync(path)) }));
  }
  return reports;
}

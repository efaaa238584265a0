import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../../core/pack/pack-schema.ts';
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
      if (!pack.databases.some((d) => d.id === database)) throw new Error(`demo/${f} names no database of the pack (expected demo/NN-<database id>.csv)`);
      return { database, file: `demo/${f}` };
    });
}

/**
 * Imports every CSV starter a pack names, database by database in pack order, then the pack's
 * demo records (`demo/NN-<database id>.csv`, which link the starters into a story), through
 * the same import (and gates) as `eos import csv`.
 */
export async function loadStarters(session: Session, pack: Pack, dir: string): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  const files = [...pack.databases.flatMap((db) => (db.starter ? [{ database: db.id, file: db.starter }] : [])), ...demoFiles(pack, dir)];
  for (const { database, file } of files) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`the pack names a starter ${file} for ${database}, but ${path} does not exist`);
    reports.push(await importCsv(session, { database, file, text: decodeCsv(readFileSync(path), file) }));
  }
  return reports;
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../core/pack/pack-schema.ts';
import { decodeCsv } from './csv-table.ts';
import { type ImportReport, importCsv } from './import-csv.ts';
import type { Session } from './session.ts';

/**
 * Imports every CSV starter a pack names, database by database in pack order, through the
 * same import (and gates) as `eos import csv`.
 */
export async function loadStarters(session: Session, pack: Pack, dir: string): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const db of pack.databases) {
    if (!db.starter) continue;
    const file = join(dir, db.starter);
    if (!existsSync(file)) throw new Error(`the pack names a starter ${db.starter} for ${db.id}, but ${file} does not exist`);
    reports.push(await importCsv(session, { database: db.id, file: db.starter, text: decodeCsv(readFileSync(file)) }));
  }
  return reports;
}

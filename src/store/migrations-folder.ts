import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** One migration as drizzle-kit wrote it in meta/_journal.json. */
export interface MigrationEntry {
  readonly idx: number;
  readonly tag: string;
  readonly when: number;
}

export function migrationJournal(): MigrationEntry[] {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: MigrationEntry[] };
  return journal.entries;
}

/** A hash of every migration's SQL: a template data dir is valid only for the same hash. */
export function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_FOLDER)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(`${MIGRATIONS_FOLDER}/${file}`));
  }
  return hash.digest('hex').slice(0, 16);
}

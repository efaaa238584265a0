import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { AuditTrust } from '../core/audit/audit-trust.ts';
import { temporaryAuditTrust } from './file-audit-trust.ts';
import { MIGRATIONS_FOLDER, migrationJournal, migrationsFingerprint } from './migrations-folder.ts';
import { type Db, type Store, WRITES_CHANNEL } from './store.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function pgliteVersion(): string {
  const manifest = join(PACKAGE_ROOT, 'node_modules/@electric-sql/pglite/package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : 'unknown';
}

/** Where the migrated template data dir is cached: one file per PGlite version and schema. */
export function templatePath(): string {
  const folder = process.env.EOS_TEMPLATE_CACHE ?? join(PACKAGE_ROOT, 'node_modules/.cache/eos');
  return join(folder, `pglite-${pgliteVersion()}-${migrationsFingerprint()}.tar.gz`);
}

/**
 * A fresh initdb costs about 5 s and 800 MB, so it is done once: the migrated data dir is
 * dumped to a cache file, and every new workspace starts from a copy of it (about 1 s).
 */
export async function ensureTemplate(): Promise<Blob> {
  const path = templatePath();
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const fresh = await PGlite.create();
  await migrate(drizzle(fresh), { migrationsFolder: MIGRATIONS_FOLDER });
  const dump = await fresh.dumpDataDir('gzip');
  await fresh.close();
  const bytes = Buffer.from(await dump.arrayBuffer());
  try {
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, path);
  } catch {
    // A read-only cache only costs the next process another initdb.
    writeFileSync(join(tmpdir(), `eos-template-${process.pid}.tar.gz`), bytes);
  }
  return new Blob([bytes]);
}

/**
 * The template unpacked once into a folder: a new data dir is then a plain file copy, about
 * twice as fast as unpacking the tarball each time.
 */
export async function ensureTemplateDir(): Promise<string> {
  const dir = templatePath().replace(/\.tar\.gz$/, '.d');
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const partial = `${dir}.${process.pid}.partial`;
  const unpacked = await PGlite.create(partial, { loadDataDir: await ensureTemplate() });
  await unpacked.close();
  try {
    renameSync(partial, dir);
  } catch {
    // Another process got there first; its copy is as good.
    rmSync(partial, { recursive: true, force: true });
  }
  return dir;
}

/**
 * Whether the data dir has every migration already, by drizzle's own rule (it applies those newer than the
 * last one applied), in one query: drizzle's migrate costs three statements and a transaction, a quarter of
 * a second of every CLI command on an embedded workspace (ADR 065).
 */
async function migrated(client: PGlite): Promise<boolean> {
  try {
    const { rows } = await client.query<{ last: string | null }>('SELECT max(created_at)::text AS last FROM drizzle.__drizzle_migrations');
    const last = Number(rows[0]?.last ?? Number.NaN);
    return Number.isFinite(last) && migrationJournal().every((m) => m.when <= last);
  } catch {
    // No migrations table yet: migrate creates it.
    return false;
  }
}

/**
 * Opens the embedded store: a data dir on disk, or memory when `dataDir` is undefined.
 * A new data dir is created from the template; migrations then run as on PostgreSQL.
 * The caller must hold the data dir's lock (see data-lock.ts).
 */
export async function openPglite(dataDir?: string, options: { trust?: AuditTrust } = {}): Promise<Store> {
  const isNew = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
  let client: PGlite;
  if (!dataDir) client = await PGlite.create({ loadDataDir: await ensureTemplate() });
  else {
    if (isNew) cpSync(await ensureTemplateDir(), dataDir, { recursive: true });
    client = await PGlite.create(dataDir);
  }
  const db = drizzle(client);
  if (!(await migrated(client))) await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const temporary = options.trust ? undefined : temporaryAuditTrust();
  return {
    db: db as unknown as Db,
    engine: 'pglite',
    location: dataDir ?? 'memory://',
    trust: options.trust ?? (temporary as AuditTrust),
    onWrite: (listener) => client.listen(WRITES_CHANNEL, listener),
    close: async () => {
      await client.close();
      temporary?.dispose();
    },
  };
}

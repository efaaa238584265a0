import { openPglite } from '../../src/store/open-pglite.ts';
import { openPostgres } from '../../src/store/open-postgres.ts';
import type { EngineKind, Store } from '../../src/store/store.ts';

/** The PostgreSQL the store suite also runs on; .ci/run makes sure it is up. */
export const POSTGRES_URL = process.env.EOS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Engines to run the contract suite on: PGlite always, PostgreSQL unless EOS_TEST_POSTGRES=off. */
export const ENGINES: readonly EngineKind[] = process.env.EOS_TEST_POSTGRES === 'off' ? ['pglite'] : ['pglite', 'postgres'];

export async function openEngine(engine: EngineKind): Promise<Store> {
  return engine === 'pglite' ? openPglite() : openPostgres(POSTGRES_URL, { poolSize: 25 });
}

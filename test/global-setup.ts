import pg from 'pg';
import { compiledEntry } from '../bin/compiled-entry.js';
import { ensureTemplate } from '../src/store/open-pglite.ts';
import { ENGINES, POSTGRES_URL } from './support/engines.ts';

/** Builds the PGlite template and the compiled CLI once, and makes sure the PostgreSQL the suite needs answers. */
export default async function setup(): Promise<void> {
  await ensureTemplate();
  // Tests that spawn bin/eos.js would otherwise wait for the first of them to build it (ADR 065).
  await compiledEntry();
  if (!ENGINES.includes('postgres')) {
    console.warn('[eos] EOS_TEST_POSTGRES=off: the store suite runs on PGlite only.');
    return;
  }
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    throw new Error(
      `The store suite runs on PostgreSQL too, but ${POSTGRES_URL} does not answer (${(error as Error).message}). ` +
        'Start it (.ci/run does), point EOS_TEST_DATABASE_URL at another, or set EOS_TEST_POSTGRES=off to run on PGlite only.',
    );
  }
}

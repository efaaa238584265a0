// The floor `eos db list` is measured against (bench/cli-startup.ts): a process that opens an
// embedded data dir with PGlite and runs one SELECT, nothing else. Plain JavaScript, as eos now runs.
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: node bench/cli/pglite-open-select.js <data dir>');
const client = await PGlite.create(dataDir);
await client.query('SELECT count(*) FROM workspaces');
await client.close();

import { addUser } from '../../src/app/auth/add-user.ts';
import { createToken } from '../../src/app/auth/create-token.ts';
import { initWorkspace } from '../../src/app/init-workspace.ts';
import { readPack } from '../../src/app/read-pack.ts';
import { listRecords } from '../../src/app/records/read-records.ts';
import { openSession } from '../../src/app/session.ts';
import { bulkLoad } from '../bulk-load.ts';
import type { BenchEngine } from '../engines.ts';
import { generateData } from '../generate-data.ts';
import { BENCH_PACK } from '../options.ts';

/** The filtered, sorted list every variant asks for, and the same list in hand-written SQL (the raw ceiling). */
export const LIST_QUERY = { database: 'changes', where: "record['Risk Level'] == 'High'", sort: 'Due', limit: 50 } as const;
export const LIST_SQL = `select id, database, key, title, status, fields, unresolved, source_ref, recorded_as, version, created_at, created_by, updated_at, updated_by
  from records where workspace_id = $1 and database = 'changes' and fields->>'Risk Level' = 'High'
  order by fields->'Due' asc, key asc limit 50`;

/** A bench-pack workspace of `records` generated records, bulk-loaded, with an admin `bench` and its API token. */
export async function benchWorkspace(engine: BenchEngine, workspaceId: string, records: number): Promise<{ token: string; recordKey: string }> {
  const store = engine.store;
  const { pack } = readPack(BENCH_PACK);
  await initWorkspace({ store, workspaceId, pack, actor: 'bench' });
  const session = await openSession({ store, workspaceId, actor: 'bench' });
  const data = generateData({ records, seed: 42 });
  await bulkLoad(engine, session, data.databases, new Map(data.databases.map((d) => [d.id, d.rows])));
  if (engine.kind === 'postgres') await engine.query('analyze records');
  const scope = { store, workspaceId };
  const admin = { name: 'bench', role: 'admin' as const };
  await addUser(scope, admin, { name: 'bench', role: 'admin' });
  const { token } = await createToken(scope, admin, { user: 'bench', name: 'bench' });
  const [first] = await listRecords(session, { database: LIST_QUERY.database, limit: 1 });
  if (!first) throw new Error('the bench workspace has no changes record');
  return { token, recordKey: first.key };
}

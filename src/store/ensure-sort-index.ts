import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { sqlLiteral } from './sql-literal.ts';
import type { Store } from './store.ts';

/**
 * The name of the expression index a list sorting on `field` reads in order:
 * `records_sort_<slug>_<hash>`; the hash keeps two names that slug alike apart.
 *
 * @example sortIndexName('Due') // 'records_sort_due_7e0e0b6c'
 */
export function sortIndexName(field: string): string {
  const slug = field
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 30);
  const hash = createHash('sha256').update(field).digest('hex').slice(0, 8);
  return `records_sort_${slug || 'field'}_${hash}`;
}

/** Per open store, the fields whose index exists or is being built: each is built at most once per process. */
const built = new WeakMap<Store, Map<string, Promise<boolean>>>();

/**
 * Makes sure `records` has an index on (workspace_id, database, fields->'field', key), the
 * order `listRecordRows` sorts a field in, so a sorted page reads its rows from the index and
 * stops at the limit instead of sorting every record of the database (issue 13). One index a
 * field name serves every workspace and database. PostgreSQL builds it CONCURRENTLY, so writes
 * go on meanwhile; PGlite has one connection and builds it in place. Resolves to whether the
 * index is there: a failure (no CREATE right, say) leaves the list to sort as before, and is
 * not retried by this process.
 */
export function ensureSortIndex(store: Store, field: string): Promise<boolean> {
  let fields = built.get(store);
  if (!fields) {
    fields = new Map();
    built.set(store, fields);
  }
  const known = fields.get(field);
  if (known) return known;
  const name = sortIndexName(field);
  const how = store.engine === 'postgres' ? 'concurrently ' : '';
  const ddl = `create index ${how}if not exists ${name} on records (workspace_id, database, (fields -> ${sqlLiteral(field)}), key)`;
  const pending = store.db.execute(sql.raw(ddl)).then(
    () => true,
    () => false,
  );
  fields.set(field, pending);
  return pending;
}

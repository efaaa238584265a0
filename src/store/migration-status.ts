import { sql } from 'drizzle-orm';
import { migrationJournal } from './migrations-folder.ts';
import type { Db } from './store.ts';

export interface MigrationState {
  readonly name: string;
  readonly applied: boolean;
  readonly appliedAt: string | null;
}

/** Every migration the package ships, and whether (and when) this database applied it. */
export async function migrationStatus(db: Db): Promise<MigrationState[]> {
  const result = (await db.execute(sql`select created_at from drizzle.__drizzle_migrations`)) as { rows: { created_at: string | number }[] };
  const rows = result.rows;
  const applied = new Set(rows.map((r) => Number(r.created_at)));
  return migrationJournal().map((m) => ({
    name: m.tag,
    applied: applied.has(m.when),
    appliedAt: applied.has(m.when) ? new Date(m.when).toISOString() : null,
  }));
}

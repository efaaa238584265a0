import { sql } from 'drizzle-orm';
import type { Db } from './store.ts';

/** One round trip to the database: rejects with the driver's error when it does not answer. */
export async function pingStore(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

import { and, asc, eq, gt } from 'drizzle-orm';
import type { EosRecord } from '../core/records/eos-record.ts';
import { links, records } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

const PAGE = 5000;

/** Every record of a workspace as stored, a page at a time in id order, for the audit replay to compare. */
export async function* storedRecords(db: Db, workspaceId: string): AsyncGenerator<EosRecord> {
  for (let after: string | undefined; ; ) {
    const page = await db
      .select()
      .from(records)
      .where(and(eq(records.workspaceId, workspaceId), after ? gt(records.id, after) : undefined))
      .orderBy(asc(records.id))
      .limit(PAGE);
    for (const r of page) {
      yield {
        id: r.id,
        key: r.key,
        database: r.database,
        title: r.title,
        status: r.status,
        fields: r.fields as EosRecord['fields'],
        unresolved: r.unresolved,
        version: r.version,
        createdAt: iso(r.createdAt),
        createdBy: r.createdBy,
        updatedAt: iso(r.updatedAt),
        ...(r.archivedAt ? { archivedAt: iso(r.archivedAt), archivedBy: r.archivedBy ?? '' } : {}),
        updatedBy: r.updatedBy,
      };
    }
    if (page.length < PAGE) return;
    after = page.at(-1)?.id;
  }
}

/** Every link of a workspace: from, field, to. */
export async function storedLinks(db: Db, workspaceId: string): Promise<{ fromId: string; field: string; toId: string }[]> {
  return db.select({ fromId: links.fromId, field: links.field, toId: links.toId }).from(links).where(eq(links.workspaceId, workspaceId));
}

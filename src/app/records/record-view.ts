import { withSignoffs } from '../../core/fields/signoff.ts';
import { type EosRecord, publicRecord } from '../../core/records/eos-record.ts';
import { outgoingLinks } from '../../store/link-rows.ts';
import { recordsByIds } from '../../store/record-rows.ts';
import type { Session } from '../session.ts';
import { findRecord } from './find-record.ts';

/** A linked record as a record page shows it. */
export interface RelatedRecord {
  readonly key: string;
  readonly title: string;
  readonly status: string;
  readonly database: string;
}

export interface RecordView extends EosRecord {
  /** With `relations`: every relation field's linked records, in order. */
  readonly relations?: Readonly<Record<string, readonly RelatedRecord[]>>;
}

/**
 * A record by key or title, optionally with the key, title, status and database of every
 * record it links, so a record page can show and follow them.
 */
export async function getRecordView(session: Session, ref: string, options: { relations?: boolean } = {}): Promise<RecordView> {
  const record = await findRecord(session.store.db, session, ref);
  const def = session.databases.get(record.database);
  if (!options.relations) return withSignoffs(def, publicRecord(record));
  const links = await outgoingLinks(session.store.db, session.workspaceId, [record.id]);
  const byId = new Map(
    (
      await recordsByIds(
        session.store.db,
        session.workspaceId,
        links.map((l) => l.toId),
      )
    ).map((r) => [r.id, r]),
  );
  const relations: Record<string, RelatedRecord[]> = {};
  for (const f of def?.fields ?? []) if (f.type === 'relation') relations[f.name] = [];
  for (const link of links) {
    const target = byId.get(link.toId);
    if (!target) continue;
    relations[link.field] = [...(relations[link.field] ?? []), { key: target.key, title: target.title, status: target.status, database: target.database }];
  }
  return { ...withSignoffs(def, publicRecord(record)), relations };
}

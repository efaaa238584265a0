import { withSignoffs } from '../../core/fields/signoff.ts';
import { type EosRecord, publicRecord } from '../../core/records/eos-record.ts';
import { outgoingLinks } from '../../store/link-rows.ts';
import { recordsByIds } from '../../store/record-rows.ts';
import type { Session } from '../session.ts';
import { findRecord } from './find-record.ts';
import { inverseLinksOf, inverseNames } from './inverse-links.ts';

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
  /** When its database shows inverse relations (ADR 046): each one's linking records, by key; read-only. */
  readonly inverse?: Readonly<Record<string, readonly RelatedRecord[]>>;
}

/**
 * The records linking this one through each inverse relation its database shows, ordered by key;
 * undefined when it shows none.
 *
 * @example await inverseView(session, g6) // { Deliverables: [{ key: 'DLV-0001', title: '10-repo cost analysis', status: 'Complete', database: 'deliverables' }] }
 */
export async function inverseView(session: Session, record: EosRecord): Promise<Record<string, RelatedRecord[]> | undefined> {
  const def = session.databases.get(record.database);
  const names = def ? inverseNames(session, def) : [];
  if (!def || names.length === 0) return undefined;
  const links = (await inverseLinksOf(session.store.db, session, def, [record.id], names)).get(record.id);
  const ids = [...(links?.values() ?? [])].flat();
  const byId = new Map((await recordsByIds(session.store.db, session.workspaceId, ids)).map((r) => [r.id, r]));
  const out: Record<string, RelatedRecord[]> = {};
  for (const name of names) {
    out[name] = (links?.get(name) ?? [])
      .map((id) => byId.get(id))
      .filter((r) => r !== undefined)
      .map((r) => ({ key: r.key, title: r.title, status: r.status, database: r.database }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }
  return out;
}

/**
 * A record by key or title, with its inverse relations (if its database shows any), optionally with the key, title, status and database of every
 * record it links, so a record page can show and follow them.
 */
export async function getRecordView(session: Session, ref: string, options: { relations?: boolean } = {}): Promise<RecordView> {
  const record = await findRecord(session.store.db, session, ref);
  const def = session.databases.get(record.database);
  const inverse = await inverseView(session, record);
  if (!options.relations) return { ...withSignoffs(def, publicRecord(record)), ...(inverse ? { inverse } : {}) };
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
  return { ...withSignoffs(def, publicRecord(record)), relations, ...(inverse ? { inverse } : {}) };
}

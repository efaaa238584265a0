import { findInverse, type InverseRelation, inversesOf } from '../../core/pack/inverse-relations.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { incomingSources } from '../../store/link-rows.ts';
import type { Db } from '../../store/store.ts';
import type { Session } from '../session.ts';

/** An inverse relation's links into one record: the ids of the records that link it, by inverse name. */
export type InverseLinks = Map<string, Map<string, string[]>>;

/**
 * The records that link each of these records through the given inverse relations of their
 * database (ADR 046), in one query: record id → inverse name → source ids, ordered by key.
 *
 * @example await inverseLinksOf(db, session, gateReviews, [g6.id], ['Deliverables']) // Map { g6.id → Map { 'Deliverables' → [dlv1.id, …] } }
 */
export async function inverseLinksOf(db: Db, session: Session, def: DatabaseDef, recordIds: readonly string[], names: Iterable<string>): Promise<InverseLinks> {
  const wanted = [...names].map((n) => findInverse(session.databases, def.id, n)).filter((i): i is InverseRelation => i !== undefined);
  const out: InverseLinks = new Map();
  if (wanted.length === 0 || recordIds.length === 0) return out;
  const CHUNK = 5000;
  for (let i = 0; i < recordIds.length; i += CHUNK) {
    for (const link of await incomingSources(db, session.workspaceId, recordIds.slice(i, i + CHUNK))) {
      const inverse = wanted.find((w) => w.source === link.database && w.field === link.field);
      if (!inverse) continue;
      const byName = out.get(link.toId) ?? new Map<string, string[]>();
      byName.set(inverse.name, [...(byName.get(inverse.name) ?? []), link.fromId]);
      out.set(link.toId, byName);
    }
  }
  return out;
}

/** Every inverse relation a database's records show, by name. */
export function inverseNames(session: Session, def: DatabaseDef): string[] {
  return inversesOf(session.databases, def.id).map((i) => i.name);
}

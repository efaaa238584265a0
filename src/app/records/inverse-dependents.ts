import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { relationTargets } from '../../core/pack/relation-targets.ts';
import { type LinkRow, outgoingLinks } from '../../store/link-rows.ts';
import { recordsByIds } from '../../store/record-rows.ts';
import type { Db } from '../../store/store.ts';
import type { Session } from '../session.ts';
import { needsOf } from './eval-hooks.ts';

const derivedFields = new WeakMap<ReadonlyMap<string, DatabaseDef>, Set<string>>();

/**
 * The relation fields with `inverse:` whose inverse some rollup or formula of a target reads: only
 * links through them can change a stored value on the other side (gates read inverses live).
 */
function derivedInverseFields(session: Session): Set<string> {
  let fields = derivedFields.get(session.databases);
  if (!fields) {
    fields = new Set();
    for (const db of session.databases.values()) {
      for (const f of db.fields) {
        if (f.type !== 'relation' || !f.inverse) continue;
        const name = f.inverse;
        if (relationTargets(f).some((t) => [session.databases.get(t)].some((target) => target && needsOf(session, target, []).relatedFields.has(name)))) fields.add(f.name);
      }
    }
    derivedFields.set(session.databases, fields);
  }
  return fields;
}

/** A link through a relation field with `inverse:`: the record it points at shows the inverse `name`. */
export interface InverseDependent {
  readonly sourceId: string;
  readonly targetId: string;
  readonly target: DatabaseDef;
  readonly name: string;
}

/**
 * The records that show an inverse relation over these records: what they link (and, given,
 * linked before a write) through a relation field with `inverse:`, so a change to a record or
 * its links can recompute the rollups and formulas that read the inverse.
 */
export async function inverseDependents(db: Db, session: Session, recordIds: readonly string[], previous: readonly LinkRow[] = []): Promise<InverseDependent[]> {
  const fields = derivedInverseFields(session);
  if (fields.size === 0 || recordIds.length === 0) return [];
  const links = [...(await outgoingLinks(db, session.workspaceId, recordIds)), ...previous].filter((l) => fields.has(l.field));
  if (links.length === 0) return [];
  const byId = new Map((await recordsByIds(db, session.workspaceId, [...new Set(links.flatMap((l) => [l.fromId, l.toId]))])).map((r) => [r.id, r]));
  const out: InverseDependent[] = [];
  for (const link of links) {
    const source = byId.get(link.fromId);
    const target = byId.get(link.toId);
    const name = source && session.databases.get(source.database)?.fields.find((f) => f.name === link.field)?.inverse;
    const targetDef = target && session.databases.get(target.database);
    if (name && targetDef) out.push({ sourceId: link.fromId, targetId: link.toId, target: targetDef, name });
  }
  return out;
}

import type { DatabaseDef, FieldDef } from '../../core/pack/pack-schema.ts';
import { relationTargets } from '../../core/pack/relation-targets.ts';
import { type LinkRow, outgoingLinks } from '../../store/link-rows.ts';
import { recordsByIds } from '../../store/record-rows.ts';
import type { Db } from '../../store/store.ts';
import type { Session } from '../session.ts';
import { needsOf } from './eval-hooks.ts';

const derivedFields = new WeakMap<ReadonlyMap<string, DatabaseDef>, Set<string>>();

/** Whether a rollup or formula of some database that a relation links reads its inverse. */
function inverseIsDerived(session: Session, field: FieldDef): boolean {
  const name = field.inverse;
  if (field.type !== 'relation' || name === undefined) return false;
  return relationTargets(field).some((id) => {
    const target = session.databases.get(id);
    return target !== undefined && needsOf(session, target, []).relatedFields.has(name);
  });
}

/**
 * The relation fields (`database\u0000field`) whose inverse some rollup or formula of a target
 * reads: only links through them can change a stored value on the other side (gates read
 * inverses live, when they run).
 */
function derivedInverseFields(session: Session): Set<string> {
  let fields = derivedFields.get(session.databases);
  if (!fields) {
    fields = new Set();
    for (const db of session.databases.values()) for (const f of db.fields) if (inverseIsDerived(session, f)) fields.add(`${db.id}\u0000${f.name}`);
    derivedFields.set(session.databases, fields);
  }
  return fields;
}

/** Whether records of a database link anything through a relation whose inverse is derived from. */
export function feedsDerivedInverse(session: Session, def: DatabaseDef): boolean {
  const fields = derivedInverseFields(session);
  return def.fields.some((f) => fields.has(`${def.id}\u0000${f.name}`));
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
  // Field names alone first (one query), then the databases of the few links that may count.
  const names = new Set([...fields].map((f) => f.split('\u0000')[1]));
  const links = [...(await outgoingLinks(db, session.workspaceId, recordIds)), ...previous].filter((l) => names.has(l.field));
  if (links.length === 0) return [];
  const byId = new Map((await recordsByIds(db, session.workspaceId, [...new Set(links.flatMap((l) => [l.fromId, l.toId]))])).map((r) => [r.id, r]));
  const out: InverseDependent[] = [];
  for (const link of links) {
    const source = byId.get(link.fromId);
    const target = byId.get(link.toId);
    if (!source || !target || !fields.has(`${source.database}\u0000${link.field}`)) continue;
    const name = session.databases.get(source.database)?.fields.find((f) => f.name === link.field)?.inverse;
    const targetDef = session.databases.get(target.database);
    if (name && targetDef) out.push({ sourceId: link.fromId, targetId: link.toId, target: targetDef, name });
  }
  return out;
}

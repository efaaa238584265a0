import { inversesOf } from '../../core/pack/inverse-relations.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import type { Session } from '../session.ts';
import type { ParsedSet } from './parse-set.ts';

/**
 * Why a write can't set `name` on a record of `def`, when it names an inverse relation (ADR 046):
 * what to edit instead, the relation field on the records that link here.
 *
 * @example inverseWriteReason(session, gateReviews, 'deliverables')
 *   // "Deliverables is read-only: it lists the Persona Deliverables whose Gate links this record; set Gate on those records instead"
 */
export function inverseWriteReason(session: Session, def: DatabaseDef, name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  if (def.fields.some((f) => f.name.toLowerCase() === wanted)) return undefined;
  const inverse = inversesOf(session.databases, def.id).find((i) => i.name.toLowerCase() === wanted);
  if (!inverse) return undefined;
  const source = session.databases.get(inverse.source)?.name ?? inverse.source;
  return `${inverse.name} is read-only: it lists the ${source} whose ${inverse.field} links this record; set ${inverse.field} on those records instead`;
}

/** A parsed write whose problems on inverse relations say what to edit instead. */
export function explainInverseWrites(session: Session, def: DatabaseDef, parsed: ParsedSet): ParsedSet {
  if (parsed.problems.length === 0) return parsed;
  return { ...parsed, problems: parsed.problems.map((p) => ({ ...p, reason: inverseWriteReason(session, def, p.field) ?? p.reason })) };
}

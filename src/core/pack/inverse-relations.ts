import type { DatabaseDef } from './pack-schema.ts';
import { relationTargets } from './relation-targets.ts';

/**
 * A relation read from the other side (ADR 046): the records of `source` whose relation `field`
 * links a record of `target` show on it as `name`, read-only.
 */
export interface InverseRelation {
  /** The name the target's records show it under, e.g. `Deliverables`. */
  readonly name: string;
  /** The database whose records show it, e.g. `gate-reviews`. */
  readonly target: string;
  /** The database whose records hold the links, e.g. `deliverables`. */
  readonly source: string;
  /** The relation field of `source` that declares it, e.g. `Gate`. */
  readonly field: string;
}

/**
 * Every inverse relation the databases declare, one per target of each relation field with
 * `inverse:` (a relation into several databases shows its inverse on each).
 *
 * @example inverseRelations([deliverables]) // [{ name: 'Deliverables', target: 'gate-reviews', source: 'deliverables', field: 'Gate' }]
 */
export function inverseRelations(databases: Iterable<DatabaseDef>): InverseRelation[] {
  const out: InverseRelation[] = [];
  for (const db of databases) {
    for (const field of db.fields) {
      if (field.type !== 'relation' || !field.inverse) continue;
      for (const target of relationTargets(field)) out.push({ name: field.inverse, target, source: db.id, field: field.name });
    }
  }
  return out;
}

const byTarget = new WeakMap<ReadonlyMap<string, DatabaseDef>, Map<string, InverseRelation[]>>();

/** The inverse relations a database's records show, in pack order (cached per databases map). */
export function inversesOf(databases: ReadonlyMap<string, DatabaseDef>, target: string): readonly InverseRelation[] {
  let index = byTarget.get(databases);
  if (!index) {
    index = new Map();
    for (const inverse of inverseRelations(databases.values())) index.set(inverse.target, [...(index.get(inverse.target) ?? []), inverse]);
    byTarget.set(databases, index);
  }
  return index.get(target) ?? [];
}

/** The inverse relation a database's records show under `name`, if there is one. */
export function findInverse(databases: ReadonlyMap<string, DatabaseDef>, target: string, name: string): InverseRelation | undefined {
  return inversesOf(databases, target).find((i) => i.name === name);
}

import type { DatabaseDef, FieldDef } from './pack-schema.ts';

/** The databases a relation field may link, in the order the pack writes them. */
export function relationTargets(field: FieldDef): string[] {
  if (field.to === undefined) return [];
  return Array.isArray(field.to) ? [...field.to] : [field.to];
}

/** The id CEL and caches use for what a relation field links: `tests`, or `requirements|icds`. */
export function targetsId(field: FieldDef): string {
  return relationTargets(field).join('|');
}

/**
 * One database whose fields are those of all the given ones (first wins on a shared name), so
 * an expression over records of a relation into several databases can be checked at load time.
 */
export function unionDatabase(defs: readonly DatabaseDef[]): DatabaseDef {
  const [first] = defs;
  if (!first) throw new Error('unionDatabase needs at least one database');
  if (defs.length === 1) return first;
  const fields: FieldDef[] = [];
  const seen = new Set<string>();
  for (const db of defs) {
    for (const f of [...db.fields, { name: db.status.field, type: 'text' as const }]) {
      if (seen.has(f.name) || f.name === first.status.field) continue;
      seen.add(f.name);
      fields.push(f);
    }
  }
  return { ...first, id: defs.map((d) => d.id).join('|'), name: defs.map((d) => d.name).join(' / '), fields, gates: [], onCreate: [] };
}

/** The database a relation field's records are checked against: its target, or the union of its targets. */
export function relationDatabase(field: FieldDef, databases: ReadonlyMap<string, DatabaseDef>): DatabaseDef | undefined {
  const defs = relationTargets(field).map((id) => databases.get(id));
  if (defs.length === 0 || defs.some((d) => d === undefined)) return undefined;
  return unionDatabase(defs as DatabaseDef[]);
}

/** Where one written reference of a relation field may point. */
export interface RefCandidate {
  /** As written, e.g. `ICD:Primary Bus`; what the record shows while it is pending. */
  readonly ref: string;
  /** The key or title to look for, e.g. `Primary Bus`. */
  readonly name: string;
  /** The target databases to look in, in order. */
  readonly databases: readonly string[];
}

/**
 * Reads a reference of a relation field. `Label:Name` or `Label Name`, where the field's
 * `refTypes` maps Label to one of its targets, looks for Name there only (`ICD:Primary Bus`,
 * `Rel RevA-1.0`). A key of a prefix-keyed target (`DEF-0044`) looks in that database. Anything
 * else looks in every target, in order.
 *
 * @example refCandidates({ name: 'Affected Items', type: 'relation', to: ['requirements', 'icds'], refTypes: { ICD: 'icds' } }, 'ICD:Primary Bus', dbs)
 *   // { ref: 'ICD:Primary Bus', name: 'Primary Bus', databases: ['icds'] }
 */
export function refCandidates(field: FieldDef, ref: string, databases: ReadonlyMap<string, DatabaseDef>): RefCandidate {
  const targets = relationTargets(field);
  for (const [label, target] of Object.entries(field.refTypes ?? {})) {
    const match = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\s*|\\s+)(.+)$`, 'i').exec(ref);
    if (match?.[1] && targets.includes(target)) return { ref, name: match[1].trim(), databases: [target] };
  }
  if (targets.length > 1) {
    const keyed = targets.filter((id) => {
      const key = databases.get(id)?.key;
      return key !== undefined && 'prefix' in key && new RegExp(`^${key.prefix}-\\d+$`).test(ref);
    });
    if (keyed.length === 1) return { ref, name: ref, databases: keyed };
  }
  return { ref, name: ref, databases: targets };
}

import type { DatabaseDef, FieldDef } from '../../core/pack/pack-schema.ts';
import { type RefCandidate, refCandidates } from '../../core/pack/relation-targets.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { sourceIdOf } from '../../core/records/source-ref.ts';
import { recordsByRef } from '../../store/record-rows.ts';
import type { WriteContext } from '../write-context.ts';

export interface ResolvedRefs {
  readonly targets: readonly StoredRecord[];
  readonly unresolved: readonly string[];
}

/** Every name a pending reference may use for a record: its key, its title, and the ID it was imported under. */
export function namesOf(record: StoredRecord): string[] {
  const sourceId = sourceIdOf(record.sourceRef);
  return [record.key, record.title, ...(sourceId ? [sourceId] : [])];
}

/**
 * The first record a candidate names: by key, then by title, then by the ID it was imported
 * under (so an export's own references, `Parent issue: CLA-4`, link), in the candidate's
 * databases in order.
 */
export function matchCandidate(candidate: RefCandidate, found: readonly StoredRecord[]): StoredRecord | undefined {
  for (const database of candidate.databases) {
    const inDb = found.filter((r) => r.database === database);
    const match = inDb.find((r) => r.key === candidate.name) ?? inDb.find((r) => r.title === candidate.name) ?? inDb.find((r) => sourceIdOf(r.sourceRef) === candidate.name);
    if (match) return match;
  }
  return undefined;
}

/**
 * matchCandidate over many records at once: the same first match (by key, then title, then
 * source ID, in the candidate's databases in order), looked up in maps instead of a scan, so
 * resolving a batch's references costs O(refs + records), not their product.
 */
export function candidateMatcher(found: readonly StoredRecord[]): (candidate: RefCandidate) => StoredRecord | undefined {
  const byKey = new Map<string, StoredRecord>();
  const byTitle = new Map<string, StoredRecord>();
  const bySourceId = new Map<string, StoredRecord>();
  const first = (map: Map<string, StoredRecord>, name: string, r: StoredRecord) => {
    const slot = `${r.database}\u0000${name}`;
    if (!map.has(slot)) map.set(slot, r);
  };
  for (const r of found) {
    first(byKey, r.key, r);
    first(byTitle, r.title, r);
    const sourceId = sourceIdOf(r.sourceRef);
    if (sourceId) first(bySourceId, sourceId, r);
  }
  return (candidate) => {
    for (const database of candidate.databases) {
      const slot = `${database}\u0000${candidate.name}`;
      const match = byKey.get(slot) ?? byTitle.get(slot) ?? bySourceId.get(slot);
      if (match) return match;
    }
    return undefined;
  };
}

/**
 * Resolves relation references (keys or titles, `Label:Name` for a relation into several
 * databases) in the field's target databases. A reference that names no record is kept as
 * unresolved, never dropped: it links once the record appears.
 */
export async function resolveRefs(w: WriteContext, field: FieldDef, refs: readonly string[]): Promise<ResolvedRefs> {
  const candidates = refs.map((ref) => refCandidates(field, ref, w.session.databases));
  const found: StoredRecord[] = [];
  for (const database of new Set(candidates.flatMap((c) => c.databases))) {
    const names = candidates.filter((c) => c.databases.includes(database)).map((c) => c.name);
    found.push(...(await recordsByRef(w.db, w.session.workspaceId, names, database)));
  }
  const targets: StoredRecord[] = [];
  const unresolved: string[] = [];
  for (const candidate of candidates) {
    const match = matchCandidate(candidate, found);
    if (match) {
      if (!targets.includes(match)) targets.push(match);
    } else if (!unresolved.includes(candidate.ref)) {
      unresolved.push(candidate.ref);
    }
  }
  return { targets, unresolved };
}

/** What the store keeps of a field's pending references: the name to look for in each database it may appear in. */
export function pendingEntries(databases: ReadonlyMap<string, DatabaseDef>, field: FieldDef | undefined, refs: readonly string[]): { ref: string; targetDatabase: string }[] {
  if (!field) return [];
  const entries = refs.flatMap((ref) => {
    const candidate = refCandidates(field, ref, databases);
    return candidate.databases.map((targetDatabase) => ({ ref: candidate.name, targetDatabase }));
  });
  return [...new Map(entries.map((e) => [`${e.targetDatabase}\u0000${e.ref}`, e])).values()];
}

/** Whether a pending reference as written is the one a stored entry (name, database) stands for. */
export function isPendingEntry(databases: ReadonlyMap<string, DatabaseDef>, field: FieldDef | undefined, ref: string, entry: { ref: string; targetDatabase: string }): boolean {
  if (!field) return ref === entry.ref;
  const candidate = refCandidates(field, ref, databases);
  return candidate.name === entry.ref && candidate.databases.includes(entry.targetDatabase);
}

/** The warning for a reference that stays pending: `CHG-1: Affected Items → 'R-9' names no record in requirements yet; …`. */
export function pendingWarning(databases: ReadonlyMap<string, DatabaseDef>, key: string, field: FieldDef, ref: string): string {
  const where = refCandidates(field, ref, databases).databases.join(' or ');
  return `${key}: ${field.name} → '${ref}' names no record in ${where} yet; it will link when one appears`;
}

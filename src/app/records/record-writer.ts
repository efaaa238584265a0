import { conflict } from '../../core/errors.ts';
import type { FieldValue } from '../../core/fields/parse-field-value.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { relationTargets } from '../../core/pack/relation-targets.ts';
import { assignmentNotices } from '../../core/people/assignment-notices.ts';
import { toCelRecord } from '../../core/records/cel-view.ts';
import { computeDerived } from '../../core/records/compute-derived.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { incomingSources, type LinkRow, outgoingLinks, replaceLinks, replaceUnresolved, unresolvedFor } from '../../store/link-rows.ts';
import { insertRecordRow, recordsByIds, updateRecordRow } from '../../store/record-rows.ts';
import { notifyPeopleIn } from '../people/notify-people.ts';
import { auditRecord, type WriteContext } from '../write-context.ts';
import { needsOf, prepareHooks } from './eval-hooks.ts';
import { feedsDerivedInverse, inverseDependents } from './inverse-dependents.ts';
import { isPendingEntry, namesOf, pendingEntries } from './resolve-refs.ts';

/** Relation changes a write carries: for each field set, the records it links and the refs still pending. */
export type RelationChanges = ReadonlyMap<string, { readonly targets: readonly StoredRecord[]; readonly unresolved: readonly string[] }>;

async function storedLinks(w: WriteContext, recordId: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const link of await outgoingLinks(w.db, w.session.workspaceId, [recordId])) out.set(link.field, [...(out.get(link.field) ?? []), link.toId]);
  return out;
}

/**
 * Refreshes what a record derives: relation fields show the keys of the linked records, and
 * formulas and rollups are recomputed. `links` gives every relation field's target ids.
 */
export async function withDerived(
  w: WriteContext,
  def: DatabaseDef,
  record: StoredRecord,
  links: ReadonlyMap<string, readonly string[]>,
  relationKeys: 'rebuild' | 'keep' = 'rebuild',
): Promise<StoredRecord> {
  const fields: Record<string, FieldValue> = { ...record.fields };
  // A move changes no link: the keys the record shows are still right.
  const allTargets = relationKeys === 'rebuild' ? [...new Set([...links.values()].flat())] : [];
  const keyOf = new Map((await recordsByIds(w.db, w.session.workspaceId, allTargets)).map((r) => [r.id, r.key]));
  for (const f of def.fields) {
    if (f.type !== 'relation' || relationKeys === 'keep') continue;
    const keys = (links.get(f.name) ?? []).map((id) => keyOf.get(id)).filter((k): k is string => k !== undefined);
    if (keys.length > 0) fields[f.name] = keys;
    else delete fields[f.name];
  }
  const withLinks = { ...record, fields };
  const needs = needsOf(w.session, def, []);
  if (needs.relatedFields.size === 0 && !def.fields.some((f) => f.type === 'formula')) return withLinks;
  const hooksFor = await prepareHooks({ db: w.db, session: w.session, def, records: [withLinks], needs, now: w.now, pendingLinks: new Map([[record.id, links]]) });
  const derived = computeDerived({ db: def, record: toCelRecord(def, withLinks), hooks: hooksFor(withLinks), compiler: w.session.compiler, now: w.now });
  return { ...withLinks, fields: { ...fields, ...derived } };
}

/** Every relation field's target ids after applying the changes to what is stored. */
export async function mergedLinks(w: WriteContext, recordId: string | null, changes: RelationChanges): Promise<Map<string, string[]>> {
  const links = recordId ? await storedLinks(w, recordId) : new Map<string, string[]>();
  for (const [field, change] of changes)
    links.set(
      field,
      change.targets.map((t) => t.id),
    );
  return links;
}

/** The unresolved map after applying the changes. */
export function mergedUnresolved(current: StoredRecord['unresolved'], changes: RelationChanges): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(Object.entries(current).map(([k, v]) => [k, [...v]]));
  for (const [field, change] of changes) {
    if (change.unresolved.length > 0) out[field] = [...change.unresolved];
    else delete out[field];
  }
  return out;
}

export interface SaveOptions {
  readonly def: DatabaseDef;
  readonly before: StoredRecord | null;
  readonly after: StoredRecord;
  readonly changes: RelationChanges;
  readonly action: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Writes a record, its links and pending references, and its audit entry; then links any
 * pending references the record now satisfies and refreshes the records that derive from it.
 */
export async function saveRecord(w: WriteContext, options: SaveOptions): Promise<void> {
  const { before, after } = options;
  // What the record linked before: a record it no longer links may read the link as an inverse.
  const previous = before && options.changes.size > 0 ? await outgoingLinks(w.db, w.session.workspaceId, [before.id]) : [];
  await writeRecordRow(w, options);
  // Who the write newly names in a person field hears of it (ADR 072); history imported as recorded does not notify.
  if (!after.recordedAs)
    await notifyPeopleIn(w.db, { workspaceId: w.session.workspaceId, actor: w.session.actor }, w.now, assignmentNotices(options.def, before, after, w.session.actor));
  const renamed = !before || before.key !== after.key || before.title !== after.title;
  const resolved = renamed ? await resolvePending(w, after) : [];
  // Nothing derives from this database's records (no rollup, related() or derived inverse reads them): no one to refresh.
  if (!renamed && resolved.length === 0 && !anyoneDerivesFrom(w, options.def)) return;
  const changed = before ? new Map([[after.id, changedFieldNames(before, after)]]) : new Map<string, Set<string>>();
  await refreshDependents(w, [after.id, ...resolved], renamed ? new Set([after.id]) : new Set(), changed, previous);
}

const derivedFromCache = new WeakMap<ReadonlyMap<string, DatabaseDef>, Map<string, boolean>>();

/**
 * Whether any record could derive something from a record of `def`: a database whose rollup or
 * related() reads a relation into it, or an inverse relation of its own that another database derives from.
 */
function anyoneDerivesFrom(w: WriteContext, def: DatabaseDef): boolean {
  const databases = w.session.databases;
  const cache = derivedFromCache.get(databases) ?? new Map<string, boolean>();
  derivedFromCache.set(databases, cache);
  const known = cache.get(def.id);
  if (known !== undefined) return known;
  const answer =
    feedsDerivedInverse(w.session, def) ||
    [...databases.values()].some((d) => {
      const needs = needsOf(w.session, d, []);
      return d.fields.some((f) => f.type === 'relation' && needs.relatedFields.has(f.name) && relationTargets(f).includes(def.id));
    });
  cache.set(def.id, answer);
  return answer;
}

/**
 * For a record created without saveRecord (a bulk import): links the pending references
 * that name it and refreshes the records that derive from it.
 */
export async function settleNewRecord(w: WriteContext, record: StoredRecord): Promise<void> {
  const resolved = await resolvePending(w, record);
  if (resolved.length > 0) await refreshDependents(w, [record.id, ...resolved]);
}

/** Links the pending references that name this record, in the records that hold them. */
async function resolvePending(w: WriteContext, record: StoredRecord): Promise<string[]> {
  const pending = await unresolvedFor(w.db, w.session.workspaceId, record.database, namesOf(record));
  const touched: string[] = [];
  for (const sourceId of [...new Set(pending.map((p) => p.fromId))]) {
    const [source] = await recordsByIds(w.db, w.session.workspaceId, [sourceId]);
    const def = source && w.session.databases.get(source.database);
    if (!source || !def) continue;
    const links = await storedLinks(w, source.id);
    const changes = new Map<string, { targets: StoredRecord[]; unresolved: string[] }>();
    for (const p of pending.filter((x) => x.fromId === sourceId)) {
      const field = def.fields.find((f) => f.name === p.field);
      const current = changes.get(p.field) ?? { targets: [], unresolved: [...(source.unresolved[p.field] ?? [])] };
      const linkedIds = links.get(p.field) ?? [];
      const targets = await recordsByIds(w.db, w.session.workspaceId, linkedIds);
      const ordered = linkedIds.map((id) => targets.find((t) => t.id === id)).filter((t): t is StoredRecord => t !== undefined);
      const base = current.targets.length > 0 ? current.targets : ordered;
      changes.set(p.field, {
        targets: base.some((t) => t.id === record.id) ? base : [...base, record],
        unresolved: current.unresolved.filter((r) => !isPendingEntry(w.session.databases, field, r, p)),
      });
    }
    const merged = await mergedLinks(w, source.id, changes);
    const next = await withDerived(
      w,
      def,
      { ...source, unresolved: mergedUnresolved(source.unresolved, changes), version: source.version + 1, updatedAt: w.now.toISOString(), updatedBy: w.session.actor },
      merged,
    );
    await writeRecordRow(w, { def, before: source, after: next, changes, action: 'record.resolve' });
    touched.push(source.id);
  }
  return touched;
}

/** Writes the record row (with its version check), its changed links and its audit entry. */
async function writeRecordRow(w: WriteContext, options: SaveOptions): Promise<void> {
  const { def, before, after, changes } = options;
  const ws = w.session.workspaceId;
  if (!before) await insertRecordRow(w.db, ws, after);
  else if (!(await updateRecordRow(w.db, ws, after, before.version))) {
    throw conflict(`${after.key} was changed by someone else (it is no longer at version ${before.version}); reload it and try again`, { record: after.key });
  }
  for (const [field, change] of changes) {
    await replaceLinks(
      w.db,
      ws,
      after.id,
      field,
      change.targets.map((t) => t.id),
    );
    const entries = pendingEntries(
      w.session.databases,
      def.fields.find((f) => f.name === field),
      change.unresolved,
    );
    await replaceUnresolved(w.db, ws, after.id, field, entries);
  }
  await auditRecord(w, { action: options.action, before, after, ...(options.details ? { details: options.details } : {}) });
}

const MAX_DEPTH = 8;

/**
 * Records that link to a changed record show its key and may roll it up: recompute them,
 * and the records that link to those, a few levels deep.
 */
async function refreshDependents(
  w: WriteContext,
  changedIds: readonly string[],
  renamed: ReadonlySet<string> = new Set(),
  /** Which fields of a changed record changed, where known; unknown means any. */
  changedFields: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  /** The links the changed records held before the write, for the inverse relations they left. */
  previous: readonly LinkRow[] = [],
): Promise<void> {
  const visited = new Set(changedIds);
  let wave = [...changedIds];
  for (let depth = 0; depth < MAX_DEPTH && wave.length > 0; depth++) {
    const sourceIds = new Set<string>();
    for (const link of await incomingSources(w.db, w.session.workspaceId, wave)) {
      if (visited.has(link.fromId)) continue;
      // A source shows the target's key and may roll its fields up; nothing else can change.
      const def = w.session.databases.get(link.database);
      if (renamed.has(link.toId) || (def && derivesFrom(w, def, link.field, changedFields.get(link.toId)))) sourceIds.add(link.fromId);
    }
    // A record a changed record links may read it back through an inverse relation (ADR 046).
    for (const d of await inverseDependents(w.db, w.session, wave, depth === 0 ? previous : [])) {
      if (!visited.has(d.targetId) && derivesFrom(w, d.target, d.name, changedFields.get(d.sourceId))) sourceIds.add(d.targetId);
    }
    const next = await recompute(w, [...sourceIds]);
    for (const id of next) visited.add(id);
    wave = next;
  }
}

/** Recomputes what these records derive and writes those whose values changed; returns their ids. */
async function recompute(w: WriteContext, ids: readonly string[]): Promise<string[]> {
  const next: string[] = [];
  for (const source of await recordsByIds(w.db, w.session.workspaceId, ids)) {
    const def = w.session.databases.get(source.database);
    if (!def) continue;
    const refreshed = await withDerived(w, def, source, await storedLinks(w, source.id));
    if (JSON.stringify(refreshed.fields) === JSON.stringify(source.fields)) continue;
    const after = { ...refreshed, version: source.version + 1, updatedAt: w.now.toISOString(), updatedBy: w.session.actor };
    await writeRecordRow(w, { def, before: source, after, changes: new Map(), action: 'record.recompute' });
    next.push(source.id);
  }
  return next;
}

/**
 * For records created in bulk (an import) in a database with relations declaring `inverse:`:
 * recomputes, once each, the records they link whose rollups or formulas read that inverse.
 */
export async function refreshInverseReaders(w: WriteContext, def: DatabaseDef, ids: readonly string[]): Promise<void> {
  if (!feedsDerivedInverse(w.session, def) || ids.length === 0) return;
  const targets = new Set<string>();
  for (let i = 0; i < ids.length; i += 5000) {
    for (const d of await inverseDependents(w.db, w.session, ids.slice(i, i + 5000))) if (derivesFrom(w, d.target, d.name, undefined)) targets.add(d.targetId);
  }
  const changed = await recompute(w, [...targets]);
  if (changed.length > 0) await refreshDependents(w, changed);
}

/**
 * Whether a database derives anything from the records linked through `field`, given which of
 * their fields changed: a rollup reads one field (a plain count reads none), while a formula
 * calling related() may read any.
 */
function derivesFrom(w: WriteContext, def: DatabaseDef, field: string, changed: ReadonlySet<string> | undefined): boolean {
  const needs = needsOf(w.session, def, []);
  if (!needs.relatedFields.has(field)) return false;
  if (!changed || needs.calledFields.has(field)) return true;
  // A rollup with `where` filters on any field of the linked records.
  return def.fields.some((f) => f.type === 'rollup' && f.relation === field && (f.where !== undefined || (f.field !== undefined && changed.has(f.field))));
}

/** The names of the fields (and `status`) whose values differ between two versions of a record. */
function changedFieldNames(before: StoredRecord, after: StoredRecord): Set<string> {
  const names = new Set<string>();
  for (const name of new Set([...Object.keys(before.fields), ...Object.keys(after.fields)])) {
    if (JSON.stringify(before.fields[name] ?? null) !== JSON.stringify(after.fields[name] ?? null)) names.add(name);
  }
  if (before.status !== after.status) names.add('status');
  return names;
}

/** The records one relation field of a record links, in their order. */
export async function linkedTargets(w: WriteContext, recordId: string, field: string): Promise<StoredRecord[]> {
  const ids = (await outgoingLinks(w.db, w.session.workspaceId, [recordId])).filter((l) => l.field === field).map((l) => l.toId);
  const found = await recordsByIds(w.db, w.session.workspaceId, ids);
  return ids.map((id) => found.find((r) => r.id === id)).filter((r): r is StoredRecord => r !== undefined);
}

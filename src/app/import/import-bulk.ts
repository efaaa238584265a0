import { v7 as uuidv7 } from 'uuid';
import { BATCH_CREATE_ACTION, batchEntryAfter } from '../../core/audit/batch-entry.ts';
import { decideMove, type MoveRefusal } from '../../core/gates/decide-move.ts';
import { initialStatus } from '../../core/gates/plan-move.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { type RefCandidate, refCandidates } from '../../core/pack/relation-targets.ts';
import { toCelRecord } from '../../core/records/cel-view.ts';
import { computeDerived } from '../../core/records/compute-derived.ts';
import { publicRecord, type RecordedAs, type StoredRecord } from '../../core/records/eos-record.ts';
import { appendAuditBatch } from '../../store/audit-rows.ts';
import { insertLinksAndRefs, type LinkRow, type UnresolvedRow, unresolvedFor } from '../../store/link-rows.ts';
import { analyzeAfterBulkLoad, insertRecordRows, recordsByRef, reserveRecordNumbers } from '../../store/record-rows.ts';
import { rowsPerStatement, timeSlices } from '../../store/time-slices.ts';
import { moveChecks } from '../records/enforce-gates.ts';
import { needsOf, prepareHooks } from '../records/eval-hooks.ts';
import type { ParsedSet } from '../records/parse-set.ts';
import { refreshInverseReaders, settleNewRecord } from '../records/record-writer.ts';
import { candidateMatcher, namesOf, pendingEntries, pendingWarning } from '../records/resolve-refs.ts';
import { actorOf } from '../session.ts';
import type { WriteContext } from '../write-context.ts';

/** A CSV row that creates a new record. */
export interface BulkItem {
  readonly row: number;
  readonly parsed: ParsedSet;
  readonly sourceRef: string;
}

/** A row that can't be created, with the field at fault: a plain message, or the move check's typed refusal. */
export type BulkFailure = { readonly row: number; readonly field: string } & ({ readonly message: string } | { readonly refusal: MoveRefusal });

export interface BulkOptions {
  readonly writeIfFailures: boolean;
  /** Takes every status as given, past no gate, and marks the records so (ADR 043). */
  readonly recordedAs?: RecordedAs | undefined;
}

export type BulkOutcome = { readonly created: number; readonly failures: readonly BulkFailure[] } | { readonly fallback: true };

interface Draft {
  readonly item: BulkItem;
  record: StoredRecord;
  readonly links: Map<string, string[]>;
  readonly unresolved: Map<string, string[]>;
}

const CHUNK = 5000;
const ANALYZE_AFTER = 1000;
/** From this many records on, an import's creations go into batch entries (ADR 067); fewer get one entry each. */
export const BATCH_AUDIT_FROM = 100;
/** The most records one batch entry holds. */
const BATCH_AUDIT_SIZE = 5000;

/**
 * The audit entries of the records a bulk import creates: one `record.create` entry each for a
 * small import, and for a large one a `record.create.batch` entry per BATCH_AUDIT_SIZE records
 * holding each record's key and digest and the Merkle root over them (ADR 067). `eos audit verify`
 * replays both to the records' state; the batch spares a signature and a full snapshot per record.
 */
function auditEntries(def: DatabaseDef, good: readonly Draft[], at: string, actor: string, recordedAs: RecordedAs | undefined) {
  const base = { at, actor, before: null, database: def.id };
  if (good.length < BATCH_AUDIT_FROM) {
    return good.map((d) => ({ ...base, action: 'record.create', recordId: d.record.id, recordKey: d.record.key, after: publicRecord(d.record) }));
  }
  const out = [];
  for (let i = 0; i < good.length; i += BATCH_AUDIT_SIZE) {
    const records = good.slice(i, i + BATCH_AUDIT_SIZE).map((d) => publicRecord(d.record));
    out.push({ ...base, action: BATCH_CREATE_ACTION, recordId: null, recordKey: null, after: batchEntryAfter(def.id, records, recordedAs) });
  }
  return out;
}

async function existingTargets(w: WriteContext, targetDb: string, refs: readonly string[]): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  const chunk = rowsPerStatement(w.session.store.engine, CHUNK);
  const slice = timeSlices();
  for (let i = 0; i < refs.length; i += chunk) {
    out.push(...(await recordsByRef(w.db, w.session.workspaceId, refs.slice(i, i + chunk), targetDb)));
    await slice();
  }
  return out;
}

/** Resolves every relation reference of the batch, against stored records and the batch itself. */
async function linkDrafts(w: WriteContext, def: DatabaseDef, drafts: readonly Draft[]): Promise<Map<string, string>> {
  const keyOf = new Map<string, string>(drafts.map((d) => [d.record.id, d.record.key]));
  const namesByTarget = new Map<string, Set<string>>();
  // refCandidates builds regular expressions: each distinct reference of a field is read once.
  const candidateCache = new Map<string, RefCandidate>();
  const candidatesOf = (field: string, refs: readonly string[]): RefCandidate[] => {
    const relation = def.fields.find((f) => f.name === field);
    if (!relation) return [];
    return refs.map((ref) => {
      const slot = `${field}\u0000${ref}`;
      const cached = candidateCache.get(slot);
      if (cached) return cached;
      const c = refCandidates(relation, ref, w.session.databases);
      candidateCache.set(slot, c);
      return c;
    });
  };
  for (const d of drafts) {
    for (const [field, refs] of d.item.parsed.relations) {
      for (const c of candidatesOf(field, refs)) {
        for (const target of c.databases) namesByTarget.set(target, (namesByTarget.get(target) ?? new Set<string>()).add(c.name));
      }
    }
  }
  const found: StoredRecord[] = [];
  for (const [target, names] of namesByTarget) {
    const stored = await existingTargets(w, target, [...names]);
    for (const r of stored) keyOf.set(r.id, r.key);
    found.push(...stored);
    // The batch's own records count when they are the target.
    if (target === def.id) found.push(...drafts.map((d) => d.record));
  }
  const match = candidateMatcher(found);
  const slice = timeSlices();
  for (const d of drafts) {
    await slice();
    for (const [field, refs] of d.item.parsed.relations) {
      const ids: string[] = [];
      const pending: string[] = [];
      for (const candidate of candidatesOf(field, refs)) {
        const id = match(candidate)?.id;
        if (id && !ids.includes(id)) ids.push(id);
        else if (!id && !pending.includes(candidate.ref)) pending.push(candidate.ref);
      }
      d.links.set(field, ids);
      if (pending.length > 0) d.unresolved.set(field, pending);
    }
  }
  return keyOf;
}

async function derive(w: WriteContext, def: DatabaseDef, drafts: Draft[], keyOf: ReadonlyMap<string, string>, checks: readonly string[]) {
  const slice = timeSlices();
  for (const d of drafts) {
    await slice();
    const fields = { ...d.record.fields };
    for (const [field, ids] of d.links) {
      const keys = ids.map((id) => keyOf.get(id)).filter((k): k is string => k !== undefined);
      if (keys.length > 0) fields[field] = keys;
    }
    d.record = { ...d.record, fields, unresolved: Object.fromEntries(d.unresolved) };
  }
  const needs = needsOf(w.session, def, checks);
  const pendingLinks = new Map(drafts.map((d) => [d.record.id, d.links]));
  const linksInBatch = drafts.some((d) => [...d.links.values()].flat().some((id) => pendingLinks.has(id)));
  // Records of the batch may roll each other up: a second pass sees the first pass's values.
  const passes = needs.relatedFields.size > 0 && linksInBatch ? 2 : 1;
  const hooks = () => {
    const records = drafts.map((d) => d.record);
    return prepareHooks({ db: w.db, session: w.session, def, records, needs, now: w.now, pendingLinks, unsaved: records });
  };
  let hooksFor = await hooks();
  for (let pass = 0; pass < passes; pass++) {
    if (pass > 0) hooksFor = await hooks();
    for (const d of drafts) {
      await slice();
      const derived = computeDerived({ db: def, record: toCelRecord(def, d.record), hooks: hooksFor(d.record), compiler: w.session.compiler, now: w.now });
      d.record = { ...d.record, fields: { ...d.record.fields, ...derived } };
    }
  }
  return hooksFor;
}

/**
 * Creates many new records at once, with the same rules as one at a time: typed values, keys,
 * relations (to stored records and to each other), formulas and rollups, and the one move check
 * (decideMove) for any status other than the initial one. Everything is checked in memory first; rows that
 * fail are returned, and the rest are written with multi-row inserts and one audit entry each.
 */
export async function bulkCreate(w: WriteContext, def: DatabaseDef, items: readonly BulkItem[], options: BulkOptions): Promise<BulkOutcome> {
  const failures: BulkFailure[] = [];
  const titleField = def.fields.find((f) => f.type === 'title');
  const titled = items.flatMap((item) => {
    const raw = titleField ? item.parsed.values[titleField.name] : null;
    const title = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
    if (!title && 'field' in def.key) {
      failures.push({ row: item.row, field: def.key.field, message: `${def.key.field} is required: ${def.name} records are keyed by it` });
      return [];
    }
    return [{ item, title }];
  });
  const first = 'prefix' in def.key ? await reserveRecordNumbers(w.db, w.session.workspaceId, def.id, titled.length) : 0;
  const at = w.now.toISOString();
  const by = w.session.actor;
  const initial = initialStatus(def);
  const slice = timeSlices();
  const drafts: Draft[] = [];
  for (const [i, { item, title }] of titled.entries()) {
    await slice();
    const key = 'prefix' in def.key ? `${def.key.prefix}-${String(first + i).padStart(4, '0')}` : (title as string);
    const fields = { ...item.parsed.values, ...(titleField ? { [titleField.name]: title ?? key } : {}) };
    for (const [name, value] of Object.entries(fields)) if (value === null) delete fields[name];
    const record: StoredRecord = {
      id: uuidv7(),
      key,
      database: def.id,
      title: title ?? key,
      status: item.parsed.status ?? initial,
      fields,
      unresolved: {},
      sourceRef: item.sourceRef,
      version: 1,
      createdAt: at,
      createdBy: by,
      updatedAt: at,
      updatedBy: by,
      ...(options.recordedAs ? { recordedAs: options.recordedAs } : {}),
    };
    drafts.push({ item, record, links: new Map(), unresolved: new Map() });
  }
  const keyOf = await linkDrafts(w, def, drafts);
  const gated = options.recordedAs ? [] : [...new Set(drafts.map((d) => d.record.status).filter((s) => s !== initial))];
  const hooksFor = await derive(
    w,
    def,
    drafts,
    keyOf,
    gated.flatMap((s) => moveChecks(def, null, s)),
  );
  const failed = new Set<string>();
  const actor = actorOf(w.session);
  for (const d of drafts) {
    if (d.record.status === initial || options.recordedAs) continue;
    await slice();
    // The one move check: a row in a later status walks the lifecycle from the initial one (ADR 042).
    const decision = decideMove({ def, record: d.record, from: null, actor, compiler: w.session.compiler, hooks: hooksFor(d.record), now: w.now });
    if (!decision.refusal) continue;
    failures.push({ row: d.item.row, field: def.status.field, refusal: decision.refusal });
    failed.add(d.record.id);
  }
  if (failures.length > 0 && !options.writeIfFailures) return { created: 0, failures };
  const good = drafts.filter((d) => !failed.has(d.record.id));
  if (good.some((d) => [...d.links.values()].flat().some((id) => failed.has(id)))) return { fallback: true };
  const perStatement = rowsPerStatement(w.session.store.engine);
  await insertRecordRows(
    w.db,
    w.session.workspaceId,
    good.map((d) => d.record),
    perStatement,
  );
  const links: LinkRow[] = good.flatMap((d) => [...d.links].flatMap(([field, ids]) => ids.map((toId, position) => ({ fromId: d.record.id, field, toId, position }))));
  const refs: UnresolvedRow[] = good.flatMap((d) =>
    [...d.unresolved].flatMap(([field, pending]) =>
      pendingEntries(
        w.session.databases,
        def.fields.find((f) => f.name === field),
        pending,
      ).map((e) => ({ fromId: d.record.id, field, ...e })),
    ),
  );
  await insertLinksAndRefs(w.db, w.session.workspaceId, links, refs, perStatement);
  // Only the records written: a refused row's references are not pending anywhere.
  for (const d of good) {
    for (const [field, pending] of d.unresolved) {
      const relation = def.fields.find((f) => f.name === field);
      if (relation) for (const ref of pending) w.warnings.push(pendingWarning(w.session.databases, d.record.key, relation, ref));
    }
  }
  if (good.length >= ANALYZE_AFTER) await analyzeAfterBulkLoad(w.db, good.length);
  await appendAuditBatch(w.db, w.session.store.trust, w.session.workspaceId, auditEntries(def, good, at, by, options.recordedAs), perStatement);
  // Records stored before this import may be waiting for these keys, titles or source IDs.
  const names = good.flatMap((d) => namesOf(d.record));
  const waiting = new Set<string>();
  const chunk = rowsPerStatement(w.session.store.engine, CHUNK);
  for (let i = 0; i < names.length; i += chunk) {
    for (const p of await unresolvedFor(w.db, w.session.workspaceId, def.id, names.slice(i, i + chunk))) waiting.add(p.ref);
    await slice();
  }
  for (const d of good) if (namesOf(d.record).some((n) => waiting.has(n))) await settleNewRecord(w, d.record);
  await refreshInverseReaders(
    w,
    def,
    good.map((d) => d.record.id),
  );
  return { created: good.length, failures };
}

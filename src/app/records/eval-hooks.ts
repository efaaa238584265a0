import type { CelRecord } from '../../core/cel/expression-compiler.ts';
import type { EvalHooks, SopProgress } from '../../core/cel/record-environment.ts';
import { describeScope, type MetricRef, type MetricScope, readScope } from '../../core/metrics/gate-metric.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { relationDatabase, relationTargets } from '../../core/pack/relation-targets.ts';
import { toCelRecord } from '../../core/records/cel-view.ts';
import type { EosRecord } from '../../core/records/eos-record.ts';
import { type SopTick, sopChecklist } from '../../core/records/sop-checklist.ts';
import { firingFlags } from '../../store/alert-instance-rows.ts';
import { decidedActions } from '../../store/decision-rows.ts';
import { outgoingLinks } from '../../store/link-rows.ts';
import { listRecordRows, recordsByIds } from '../../store/record-rows.ts';
import { sopTicksOf } from '../../store/sop-rows.ts';
import type { Db } from '../../store/store.ts';
import { type GateMetricValue, gateMetricKey, gateMetricValues, type MetricRequest } from '../gate-metric-values.ts';
import type { Session } from '../session.ts';
import { inverseLinksOf } from './inverse-links.ts';

/** What a set of expressions reaches: relation fields to follow and databases to count in. */
export interface Needs {
  /** Relation fields whose linked records are read, by expressions or rollups. */
  readonly relatedFields: ReadonlySet<string>;
  /** Those read through `related()` in an expression, which may read any linked field. */
  readonly calledFields: ReadonlySet<string>;
  readonly countDatabases: ReadonlySet<string>;
  /** The `metric(name, window, scope?)` calls, to compute once before evaluating. */
  readonly metrics: readonly MetricRef[];
  /** Whether any reads `sop`, the records' SOP checklists. */
  readonly sop: boolean;
  /** The actions `decided(action)` asks about. */
  readonly decisions: ReadonlySet<string>;
  /** The workspace flags `flag(name)` reads. */
  readonly flags: ReadonlySet<string>;
}

/** The needs of a database's formulas and rollups, plus the given gate criteria. */
export function needsOf(session: Session, db: DatabaseDef, checks: readonly string[]): Needs {
  const calledFields = new Set<string>();
  const countDatabases = new Set<string>();
  const metrics: MetricRef[] = [];
  let sop = false;
  const decisions = new Set<string>();
  const flags = new Set<string>();
  const sources = [...checks, ...db.fields.filter((f) => f.type === 'formula' && f.expr).map((f) => f.expr as string)];
  for (const source of sources) {
    const { refs } = session.compiler.compile(db.id, source);
    for (const f of refs.relatedFields) calledFields.add(f);
    for (const c of refs.counts) countDatabases.add(c.database);
    metrics.push(...refs.metrics);
    sop ||= refs.usesSop;
    for (const action of refs.decisions) decisions.add(action);
    for (const name of refs.flags) flags.add(name);
  }
  const relatedFields = new Set(calledFields);
  for (const f of db.fields) if (f.type === 'rollup' && f.relation) relatedFields.add(f.relation);
  return { relatedFields, calledFields, countDatabases, metrics, sop, decisions, flags };
}

const CHUNK = 5000;

async function inChunks<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

export interface HookFactoryOptions {
  readonly db: Db;
  readonly session: Session;
  readonly def: DatabaseDef;
  readonly records: readonly EosRecord[];
  readonly needs: Needs;
  readonly now: Date;
  /** Links not yet stored (a record being created or relinked), by record id then field. */
  readonly pendingLinks?: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Records not yet stored (a bulk import), visible as link targets and to count(). */
  readonly unsaved?: readonly EosRecord[];
}

/**
 * Preloads, in a few bulk queries, everything the expressions over these records reach,
 * and returns a function that gives each record its (synchronous) hooks.
 */
export async function prepareHooks(options: HookFactoryOptions): Promise<(record: EosRecord) => EvalHooks> {
  const { db, session, needs, now } = options;
  const ws = session.workspaceId;
  const linksByRecord = new Map<string, Map<string, string[]>>();
  if (needs.relatedFields.size > 0) {
    const stored = options.records.filter((r) => !options.pendingLinks?.has(r.id)).map((r) => r.id);
    for (const link of await inChunks(stored, (chunk) => outgoingLinks(db, ws, chunk))) {
      if (!needs.relatedFields.has(link.field)) continue;
      const fields = linksByRecord.get(link.fromId) ?? new Map<string, string[]>();
      fields.set(link.field, [...(fields.get(link.field) ?? []), link.toId]);
      linksByRecord.set(link.fromId, fields);
    }
    for (const [id, fields] of options.pendingLinks ?? []) linksByRecord.set(id, new Map([...fields].map(([f, ids]) => [f, [...ids]])));
    await addInverseLinks(options, linksByRecord);
  }
  const targets = new Map<string, CelRecord>();
  const view = (r: EosRecord) => {
    const def = session.databases.get(r.database);
    return def ? toCelRecord(def, r) : undefined;
  };
  const unsaved = options.unsaved ?? [];
  for (const r of unsaved) {
    const v = view(r);
    if (v) targets.set(r.id, v);
  }
  const targetIds = [...new Set([...linksByRecord.values()].flatMap((m) => [...m.values()].flat()))].filter((id) => !targets.has(id));
  for (const t of await inChunks(targetIds, (chunk) => recordsByIds(db, ws, chunk))) {
    const v = view(t);
    if (v) targets.set(t.id, v);
  }
  sortInverseLinks(options.def, linksByRecord, targets);
  const counted = new Map<string, CelRecord[]>();
  for (const dbId of needs.countDatabases) {
    const rows = [...(await listRecordRows(db, ws, { database: dbId })), ...unsaved.filter((r) => r.database === dbId)];
    counted.set(
      dbId,
      rows.map(view).filter((r): r is CelRecord => r !== undefined),
    );
  }
  // Records of a relation into several databases show every field of all of them (null where
  // their own database has none), so one expression reads them all without failing.
  const padding = new Map<string, CelRecord | null>();
  const padFor = (field: string): CelRecord | null => {
    if (!padding.has(field)) {
      const def = options.def.fields.find((f) => f.name === field);
      const union = def && relationTargets(def).length > 1 ? relationDatabase(def, session.databases) : undefined;
      padding.set(field, union ? Object.fromEntries([...union.fields.map((f) => f.name), union.status.field].map((n) => [n, null])) : null);
    }
    return padding.get(field) ?? null;
  };
  const wantedMetrics = metricRequests(needs.metrics, options.records, options.def);
  const metricValues = wantedMetrics.length > 0 ? await gateMetricValues(db, session, now, wantedMetrics) : new Map<string, GateMetricValue>();
  const metric = (name: string, window: string, scope?: MetricScope): number => {
    const found = metricValues.get(gateMetricKey(name, window, scope));
    const call = `metric('${name}', '${window}'${scope && scope.kind !== 'workspace' ? `, ${describeScope(scope)}` : ''})`;
    if (!found) throw new Error(`${call} was not computed for this evaluation`);
    if ('reason' in found) throw new Error(`${call} has no value: ${found.reason}`);
    return found.value;
  };
  const sopOf = await prepareSop(options);
  const decided = await prepareDecided(options);
  const flag = await prepareFlags(db, ws, needs.flags);
  return (record) => {
    let view: CelRecord | undefined;
    let sop: SopProgress | undefined;
    return {
      related: (field) => {
        const linked = (linksByRecord.get(record.id)?.get(field) ?? []).map((id) => targets.get(id)).filter((r): r is CelRecord => r !== undefined);
        const pad = padFor(field);
        return pad ? linked.map((r) => ({ ...pad, ...r })) : linked;
      },
      count: (database, expr) => {
        const filter = session.compiler.compileCount(database, options.def.id, expr);
        view ??= toCelRecord(options.def, record);
        const self = view;
        return (counted.get(database) ?? []).filter((r) => filter.matches({ r, record: self, now })).length;
      },
      metric,
      pending: (field) => record.unresolved[field] ?? [],
      sop: () => {
        sop ??= sopOf(record);
        return sop;
      },
      decided: (action) => decided(record, action),
      flag,
    };
  };
}

/**
 * The metrics to compute for these records: each call's literal scope once, and a scope read
 * from a field (`{'team': record.Team}`) once per value the records hold. A record whose field
 * names no scope asks for nothing; its call then fails to evaluate, saying why.
 */
function metricRequests(refs: readonly MetricRef[], records: readonly EosRecord[], def: DatabaseDef): MetricRequest[] {
  const out: MetricRequest[] = [];
  for (const ref of refs) {
    if (!('field' in ref.scope)) {
      out.push({ name: ref.name, window: ref.window, scope: ref.scope });
      continue;
    }
    for (const record of records) {
      // No scope in this record's field: nothing to compute; the call says why when it evaluates.
      const scope = readScope(ref.scope.kind, toCelRecord(def, record)[ref.scope.field]);
      if (!('problem' in scope)) out.push({ name: ref.name, window: ref.window, scope });
    }
  }
  return out;
}

/** Adds, for the inverse relations the expressions read (names that are no field of the database), the records linking each record. */
async function addInverseLinks(options: HookFactoryOptions, linksByRecord: Map<string, Map<string, string[]>>): Promise<void> {
  const names = [...options.needs.relatedFields].filter((n) => !options.def.fields.some((f) => f.name === n));
  if (names.length === 0) return;
  const ids = options.records.map((r) => r.id);
  for (const [id, byName] of await inverseLinksOf(options.db, options.session, options.def, ids, names)) {
    const fields = linksByRecord.get(id) ?? new Map<string, string[]>();
    for (const [name, from] of byName) fields.set(name, from);
    linksByRecord.set(id, fields);
  }
}

/** Orders each inverse relation's records by key, as a record page lists them. */
function sortInverseLinks(def: DatabaseDef, linksByRecord: Map<string, Map<string, string[]>>, targets: ReadonlyMap<string, CelRecord>): void {
  const keyOf = (id: string) => String(targets.get(id)?.key ?? '');
  for (const fields of linksByRecord.values()) {
    for (const [name, ids] of fields) if (!def.fields.some((f) => f.name === name)) ids.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }
}

/** The flags expressions read, loaded at once: a flag is on while the alert rule of that id fires (ADR 058). */
async function prepareFlags(db: Db, workspaceId: string, names: ReadonlySet<string>): Promise<(name: string) => boolean> {
  const on = names.size > 0 ? await firingFlags(db, workspaceId, [...names]) : new Set<string>();
  return (name) => {
    if (!names.has(name)) throw new Error(`flag('${name}') was not loaded for this evaluation`);
    return on.has(name);
  };
}

/** Whether the decision log holds an action about a record, loaded in bulk for the actions expressions name. */
async function prepareDecided(options: HookFactoryOptions): Promise<(record: EosRecord, action: string) => boolean> {
  const found = new Set<string>();
  const actions = [...options.needs.decisions];
  if (actions.length > 0) {
    const ids = options.records.map((r) => r.id);
    for (const row of await inChunks(ids, (chunk) => decidedActions(options.db, options.session.workspaceId, chunk, actions))) found.add(`${row.recordId} ${row.action}`);
  }
  return (record, action) => {
    if (!options.needs.decisions.has(action)) throw new Error(`decided('${action}') was not loaded for this evaluation`);
    return found.has(`${record.id} ${action}`);
  };
}

/** The SOP progress of each record, from its ticks loaded in bulk, only when an expression reads `sop`. */
async function prepareSop(options: HookFactoryOptions): Promise<(record: EosRecord) => SopProgress> {
  const ticks = new Map<string, SopTick[]>();
  if (options.needs.sop) {
    const ids = options.records.map((r) => r.id);
    for (const tick of await inChunks(ids, (chunk) => sopTicksOf(options.db, options.session.workspaceId, chunk))) {
      ticks.set(tick.recordId, [...(ticks.get(tick.recordId) ?? []), tick]);
    }
  }
  return (record) => {
    const { done, total } = sopChecklist(options.def.sop, ticks.get(record.id) ?? []);
    return { done, total };
  };
}

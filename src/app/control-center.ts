import type { LastVerification } from '../core/audit/audit-trust.ts';
import type { Decision } from '../core/decisions/decision.ts';
import type { UnmetCriterion } from '../core/gates/evaluate-gates.ts';
import type { DatabaseDef, FieldDef } from '../core/pack/pack-schema.ts';
import { isFinalStatus } from '../core/records/final-status.ts';
import { type RecordHeadline, recordsInStatuses, recordsUpdatedBefore, recordsWithDateBefore } from '../store/control-center-rows.ts';
import { listRecordRows } from '../store/record-rows.ts';
import { listDecisions } from './decide.ts';
import { checkRecords } from './records/gate-check.ts';
import type { Session } from './session.ts';

export interface RecordLink {
  readonly key: string;
  readonly title: string;
}

export interface ControlCenter {
  readonly openChangesByStatus: readonly { status: string; count: number; records: readonly RecordLink[] }[];
  readonly blockedMoves: readonly { key: string; title: string; database: string; to: string; unmet: readonly UnmetCriterion[] }[];
  readonly stale: readonly { key: string; title: string; database: string; status: string; reason: string; since: string }[];
  readonly incidentsBySeverity: readonly { severity: string; count: number; records: readonly (RecordLink & { status: string })[] }[];
  readonly budget: {
    planned: number;
    actual: number;
    variance: number;
    currency: string;
    records: readonly (RecordLink & { planned: number | null; actual: number | null; variance: number | null })[];
  } | null;
  readonly latestDecisions: readonly Decision[];
  /** The last verification of the audit trail (by `eos serve`'s schedule, the CLI or the API), or null if none ran. */
  readonly auditCheck: LastVerification | null;
}

/** A record counts as stale when it sits in an open status this long without a write. */
export const STALE_AFTER_DAYS = 5;
const TILE_RECORDS = 20;
const STALE_TILE_RECORDS = 50;
const BLOCKED_STATUSES = ['Blocked', 'On Hold'];
const DUE_FIELD = /^(due|due date|deadline|sla|sla due|target date)$/i;
const DAY_MS = 86_400_000;

/** The change databases: the pack's waivers database (change control) or one named like it. */
function changeDatabases(session: Session): DatabaseDef[] {
  const all = [...session.databases.values()];
  const marked = all.filter((d) => d.role === 'waivers' || d.id === 'change-control');
  return marked.length > 0 ? marked : all.filter((d) => /change/i.test(d.id));
}

/** The incident database: `incidents` in engineering-os, else any with a Severity select. */
function incidentDatabase(session: Session): { def: DatabaseDef; severity: FieldDef } | null {
  const all = [...session.databases.values()];
  const def = session.databases.get('incidents') ?? all.find((d) => /incident/i.test(d.id) && d.fields.some((f) => f.name === 'Severity'));
  const severity = def?.fields.find((f) => f.name === 'Severity' && f.type === 'select');
  return def && severity ? { def, severity } : null;
}

/** The budget database: a Variance field beside planned and actual amounts. */
function budgetDatabase(session: Session): { def: DatabaseDef; planned: FieldDef; actual: FieldDef; variance: FieldDef } | null {
  const all = [...session.databases.values()];
  const candidates = [session.databases.get('budget-cost-model'), ...all].filter((d): d is DatabaseDef => d !== undefined);
  for (const def of candidates) {
    const variance = def.fields.find((f) => /^variance$/i.test(f.name));
    const planned = def.fields.find((f) => /planned/i.test(f.name) && (f.type === 'currency' || f.type === 'number'));
    const actual = def.fields.find((f) => /actual/i.test(f.name) && (f.type === 'currency' || f.type === 'number'));
    if (variance && planned && actual) return { def, planned, actual, variance };
  }
  return null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const link = (r: { key: string; title: string }): RecordLink => ({ key: r.key, title: r.title });

/**
 * The control center's tiles (docs/api.md): open changes by status, moves their gates block,
 * stale and past-due records, open incidents by severity, budget variance, the latest
 * decisions. Each tile finds its database from the pack; a pack without one gets an empty tile.
 */
export async function controlCenter(session: Session): Promise<ControlCenter> {
  const now = session.clock();
  // One after another: a PGlite store runs one query at a time anyway.
  const changes = await openChanges(session);
  const stale = await staleRecords(session, now);
  const incidentsBySeverity = await incidents(session);
  const budget = await budgetTile(session);
  const latestDecisions = await listDecisions(session, { limit: 10 });
  return { ...changes, stale, incidentsBySeverity, budget, latestDecisions, auditCheck: session.store.trust.lastVerification(session.workspaceId) };
}

async function openChanges(session: Session): Promise<Pick<ControlCenter, 'openChangesByStatus' | 'blockedMoves'>> {
  const openChangesByStatus: { status: string; count: number; records: RecordLink[] }[] = [];
  const blockedMoves: { key: string; title: string; database: string; to: string; unmet: readonly UnmetCriterion[] }[] = [];
  for (const def of changeDatabases(session)) {
    const open = (await listRecordRows(session.store.db, session.workspaceId, { database: def.id, sortField: 'updatedAt', descending: true, archived: 'hide' })).filter(
      (r) => !isFinalStatus(def, r.status),
    );
    for (const status of def.status.values) {
      const inStatus = open.filter((r) => r.status === status);
      if (inStatus.length === 0) continue;
      const tile = openChangesByStatus.find((t) => t.status === status);
      if (tile) {
        tile.count += inStatus.length;
        tile.records.push(...inStatus.slice(0, TILE_RECORDS - tile.records.length).map(link));
      } else openChangesByStatus.push({ status, count: inStatus.length, records: inStatus.slice(0, TILE_RECORDS).map(link) });
    }
    for (const report of await checkRecords(session, def, open)) {
      // The move forward: the first allowed next status later in the lifecycle that is not an end by refusal.
      const at = def.status.values.indexOf(report.status);
      const forward = report.next.find((n) => def.status.values.indexOf(n.to) > at && !/reject|cancel/i.test(n.to)) ?? report.next[0];
      if (!forward || forward.passes) continue;
      const record = open.find((r) => r.key === report.record);
      blockedMoves.push({ key: report.record, title: record?.title ?? report.record, database: def.id, to: forward.to, unmet: forward.unmet });
    }
  }
  return { openChangesByStatus, blockedMoves };
}

async function staleRecords(session: Session, now: Date): Promise<ControlCenter['stale']> {
  const out = new Map<string, { key: string; title: string; database: string; status: string; reason: string; since: string }>();
  const open = (r: RecordHeadline) => {
    const def = session.databases.get(r.database);
    return def !== undefined && !isFinalStatus(def, r.status);
  };
  const add = (r: RecordHeadline, reason: string, since: string) => {
    if (!out.has(`${r.database}/${r.key}`)) out.set(`${r.database}/${r.key}`, { key: r.key, title: r.title, database: r.database, status: r.status, reason, since });
  };
  for (const r of await recordsInStatuses(session.store.db, session.workspaceId, BLOCKED_STATUSES, TILE_RECORDS)) add(r, `${r.status}`, r.updatedAt);
  const today = now.toISOString().slice(0, 10);
  for (const def of session.databases.values()) {
    for (const field of def.fields.filter((f) => (f.type === 'date' || f.type === 'datetime') && DUE_FIELD.test(f.name))) {
      for (const r of (await recordsWithDateBefore(session.store.db, session.workspaceId, def.id, field.name, today, TILE_RECORDS)).filter(open)) {
        add(r, `past its ${field.name}`, String(r.fields[field.name]));
      }
    }
  }
  const cutoff = new Date(now.getTime() - STALE_AFTER_DAYS * DAY_MS);
  for (const r of (await recordsUpdatedBefore(session.store.db, session.workspaceId, cutoff, 500)).filter(open).slice(0, TILE_RECORDS * 2)) {
    add(r, `no update for ${Math.floor((now.getTime() - Date.parse(r.updatedAt)) / DAY_MS)} days in ${r.status}`, r.updatedAt);
  }
  return [...out.values()].slice(0, STALE_TILE_RECORDS);
}

async function incidents(session: Session): Promise<ControlCenter['incidentsBySeverity']> {
  const found = incidentDatabase(session);
  if (!found) return [];
  const { def, severity } = found;
  const open = (await listRecordRows(session.store.db, session.workspaceId, { database: def.id, sortField: 'updatedAt', descending: true, archived: 'hide' })).filter(
    (r) => !isFinalStatus(def, r.status),
  );
  const levels = [...(severity.options ?? []), 'Unset'];
  return levels
    .map((level) => {
      const matching = open.filter((r) => (r.fields[severity.name] ?? 'Unset') === level);
      return { severity: level, count: matching.length, records: matching.slice(0, TILE_RECORDS).map((r) => ({ ...link(r), status: r.status })) };
    })
    .filter((t) => t.count > 0 || t.severity !== 'Unset');
}

async function budgetTile(session: Session): Promise<ControlCenter['budget']> {
  const found = budgetDatabase(session);
  if (!found) return null;
  const { def, planned, actual, variance } = found;
  const rows = await listRecordRows(session.store.db, session.workspaceId, { database: def.id, archived: 'hide' });
  const lines = rows.map((r) => ({ ...link(r), planned: num(r.fields[planned.name]), actual: num(r.fields[actual.name]), variance: num(r.fields[variance.name]) }));
  const sum = (pick: (l: (typeof lines)[number]) => number | null) => Math.round(lines.reduce((a, l) => a + (pick(l) ?? 0), 0) * 100) / 100;
  return {
    planned: sum((l) => l.planned),
    actual: sum((l) => l.actual),
    variance: sum((l) => l.variance),
    currency: planned.currency ?? actual.currency ?? 'USD',
    records: [...lines].sort((a, b) => Math.abs(b.variance ?? 0) - Math.abs(a.variance ?? 0)).slice(0, TILE_RECORDS),
  };
}

import { canonicalJson, sha256 } from '../../core/decisions/evidence-manifest.ts';
import { invalidInput, notFound } from '../../core/errors.ts';
import type { CallPrepRitual, QuarterRitual, Ritual, WeeklyRitual } from '../../core/pack/ritual-schema.ts';
import { callPrepOccurrence, callTime, occurrenceRef, quarterOccurrence, type RitualOccurrence, weeklyOccurrence } from '../../core/rituals/ritual-occurrence.ts';
import { blockedList, breachList, formatMinutes, metricsTable, type RitualSnapshot, staleList, targetsTable } from '../../core/rituals/ritual-snapshot.ts';
import { listRecordRows, recordBySourceRef } from '../../store/record-rows.ts';
import { loadRituals, loadRitualsSince } from '../../store/ritual-settings.ts';
import { loadTargets } from '../../store/target-settings.ts';
import { parseWindowEdge } from '../compute-metrics.ts';
import { decideIn } from '../decide.ts';
import { createRecordIn } from '../records/create-record.ts';
import { parseSet } from '../records/parse-set.ts';
import { databaseOf, type Session } from '../session.ts';
import { inWriteTransaction } from '../write-context.ts';
import { quarterSnapshot, weeklySnapshot } from './take-snapshot.ts';

/** The decision entry that holds a ritual's frozen snapshot and its SHA-256. */
export const SNAPSHOT_ACTION = 'ritual.snapshot';

/** What one occurrence came to: its record, and whether this run created it or found it. */
export interface RitualRun {
  readonly ritual: string;
  readonly occurrence: string;
  readonly due: string;
  readonly record: string;
  readonly created: boolean;
  /** The snapshot's SHA-256, for the rituals that freeze one. */
  readonly sha256?: string;
}

/** A snapshot's SHA-256: of its canonical JSON, as evidence manifests are hashed (ADR 047). */
export const snapshotHash = (snapshot: RitualSnapshot): string => sha256(canonicalJson(snapshot));

/** The ritual of this id, or a 404 naming the ones there are. */
export async function findRitual(session: Session, id: string): Promise<Ritual> {
  const rituals = await loadRituals(session.store.db, session.workspaceId);
  const ritual = rituals.find((r) => r.id === id);
  if (!ritual) throw notFound(`No ritual '${id}'; the workspace has ${rituals.map((r) => r.id).join(', ') || 'none'} (eos ritual list)`, { ritual: id });
  return ritual;
}

/** `--at`: an ISO date or date-time, default now. */
export function ritualTime(session: Session, at: string | undefined): Date {
  if (at === undefined) return session.clock();
  return new Date(parseWindowEdge(at, 'from'));
}

interface Production {
  readonly occ: RitualOccurrence;
  readonly pairs: [string, string][];
  readonly snapshot?: RitualSnapshot;
}

const day = (iso: string) => iso.slice(0, 10);

function snapshotFields(snapshot: RitualSnapshot, hash: string): [string, string][] {
  const trend = [
    '| Week from | Deployments | Lead time (median) | Change failure rate | PR cycle (median) |',
    '|---|---|---|---|---|',
    ...snapshot.trend.map(
      (w) =>
        `| ${day(w.from)} | ${w.deployments} | ${formatMinutes(w.leadTimeMinutes)} | ${w.changeFailureRate === null ? 'no data' : `${(w.changeFailureRate * 100).toFixed(1)}%`} | ${formatMinutes(w.cycleMinutes)} |`,
    ),
  ].join('\n');
  return [
    ['Metrics Snapshot', `${metricsTable(snapshot.metrics)}\n\n${trend}`],
    ['Snapshot SHA-256', hash],
  ];
}

async function produceWeekly(session: Session, ritual: WeeklyRitual, occ: RitualOccurrence): Promise<Production> {
  const snapshot = await weeklySnapshot(session, { id: ritual.id, trendWeeks: ritual.trendWeeks }, occ);
  const hash = snapshotHash(snapshot);
  return {
    occ,
    snapshot,
    pairs: [
      ['Week', `${occ.id} delivery review`],
      ['Date', day(occ.due)],
      ...snapshotFields(snapshot, hash),
      ['Targets', targetsTable(snapshot.targets)],
      ['Blocked', blockedList(snapshot.blocked)],
      ['Stale', staleList(snapshot.stale)],
      ['SLA Breaches', breachList(snapshot.slaBreaches)],
    ],
  };
}

async function produceQuarter(session: Session, ritual: QuarterRitual, occ: RitualOccurrence): Promise<Production> {
  const targets = await loadTargets(session.store.db, session.workspaceId);
  const snapshot = await quarterSnapshot(session, { id: ritual.id, guardrails: ritual.guardrails }, occ, targets);
  const hash = snapshotHash(snapshot);
  return {
    occ,
    snapshot,
    pairs: [
      ['Quarter', occ.id],
      ['From', day(occ.from)],
      ['To', day(new Date(Date.parse(occ.to) - 1).toISOString())],
      ['Targets', targetsTable(snapshot.targets)],
      ['Guardrails', targetsTable(snapshot.guardrails, 'Guardrail')],
      ...snapshotFields(snapshot, hash),
    ],
  };
}

/** The calls whose prep is due at `at` (inside [call − lead, call)), in date order. */
async function callsDue(session: Session, ritual: CallPrepRitual, at: Date): Promise<Production[]> {
  const calls = await listRecordRows(session.store.db, session.workspaceId, { database: ritual.calls.database });
  const out: Production[] = [];
  for (const call of calls) {
    const t = callTime(call.fields[ritual.calls.field]);
    const occ = t === null ? null : callPrepOccurrence({ key: call.key, at: t }, ritual.hoursBefore, at);
    if (!occ) continue;
    out.push({
      occ,
      pairs: [
        ['Checklist', `Prep: ${call.title}`],
        ['Call', call.key],
        ['Call Date', day(occ.to)],
        ['Due', occ.due],
      ],
    });
  }
  return out.sort((a, b) => a.occ.to.localeCompare(b.occ.to));
}

/** Creates one occurrence's record unless it exists: the check and the create share the write lock, and source_ref is unique. */
async function createOnce(session: Session, ritual: Ritual, p: Production): Promise<RitualRun> {
  const ref = occurrenceRef(ritual.id, p.occ.id);
  const base = { ritual: ritual.id, occurrence: p.occ.id, due: p.occ.due };
  const found = await recordBySourceRef(session.store.db, session.workspaceId, ritual.database, ref);
  if (found) return { ...base, record: found.key, created: false };
  return inWriteTransaction(session, 'create ritual records', async (w) => {
    const again = await recordBySourceRef(w.db, session.workspaceId, ritual.database, ref);
    if (again) return { ...base, record: again.key, created: false };
    const def = databaseOf(session, ritual.database);
    const record = await createRecordIn(w, { database: def.id, parsed: parseSet(def, p.pairs), sourceRef: ref });
    if (!p.snapshot) return { ...base, record: record.key, created: true };
    const hash = snapshotHash(p.snapshot);
    await decideIn(w, {
      scope: ritual.database,
      action: SNAPSHOT_ACTION,
      summary: `${ritual.name} ${p.occ.id}: metrics snapshot frozen, sha256 ${hash}`,
      record: record.key,
      details: { ritual: ritual.id, occurrence: p.occ.id, sha256: hash, snapshot: p.snapshot },
    });
    return { ...base, record: record.key, created: true, sha256: hash };
  });
}

async function productions(session: Session, ritual: Ritual, at: Date, since: string | null = null): Promise<Production[]> {
  if (ritual.kind === 'call-prep') return callsDue(session, ritual, at);
  const occ = ritual.kind === 'weekly-delivery-review' ? weeklyOccurrence(ritual.cron, at) : quarterOccurrence(ritual.cron, at);
  // A schedule starts when the pack gave the workspace its rituals: no review of the weeks before.
  if (!occ || (since !== null && Date.parse(occ.due) < Date.parse(since))) return [];
  // Found already: no snapshot to compute.
  const found = await recordBySourceRef(session.store.db, session.workspaceId, ritual.database, occurrenceRef(ritual.id, occ.id));
  if (found) return [{ occ, pairs: [] }];
  return [ritual.kind === 'weekly-delivery-review' ? await produceWeekly(session, ritual, occ) : await produceQuarter(session, ritual, occ)];
}

/**
 * Runs one ritual as of `at` (default now): creates the record of each occurrence due then and
 * not yet created (the week or quarter of the last cron fire; every call whose prep window holds
 * `at`), through the records use cases, so gates and onCreate rules apply. Running it again, from
 * this or another process, finds the record and creates nothing.
 *
 * @example await runRitual(session, 'weekly-delivery-review', { at: '2026-12-07T09:00:00Z' }) // [{ occurrence: '2026-W49', record: 'WR-0001', created: true, sha256: '…' }]
 */
export async function runRitual(session: Session, id: string, options: { at?: string | undefined } = {}): Promise<RitualRun[]> {
  const ritual = await findRitual(session, id);
  const at = ritualTime(session, options.at);
  if (at.getTime() > session.clock().getTime() + 60_000) throw invalidInput(`--at ${at.toISOString()} is in the future; a ritual runs for now or a past time`, { at: options.at });
  const runs: RitualRun[] = [];
  for (const p of await productions(session, ritual, at)) runs.push(await createOnce(session, ritual, p));
  return runs;
}

/** What a pass of every ritual did: the occurrences it created or found, and each ritual that failed (a refused gate, say). */
export interface RitualPassReport {
  readonly at: string;
  readonly runs: readonly RitualRun[];
  readonly errors: readonly { ritual: string; message: string }[];
}

/**
 * Runs every ritual of the workspace now; one failing does not stop the others. A weekly or
 * quarterly occurrence due before the workspace had rituals is left out (`eos ritual run --at`
 * creates it on purpose); after downtime, the latest occurrence missed is created.
 */
export async function runRitualPass(session: Session): Promise<RitualPassReport> {
  const at = session.clock();
  const runs: RitualRun[] = [];
  const errors: { ritual: string; message: string }[] = [];
  const since = await loadRitualsSince(session.store.db, session.workspaceId);
  for (const ritual of await loadRituals(session.store.db, session.workspaceId)) {
    try {
      for (const p of await productions(session, ritual, at, since)) runs.push(await createOnce(session, ritual, p));
    } catch (error) {
      errors.push({ ritual: ritual.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { at: at.toISOString(), runs, errors };
}

/**
 * Flow metrics read from the engineering-os records (seed 001): WIP per person, stale and
 * blocked work items on the 1/2/3-day escalation ladder, P1/P2 incidents per month, retros held
 * within 48 hours and retro action items completed.
 */

/** The slice of a record these metrics read. */
export interface FlowRecord {
  readonly key: string;
  readonly title: string;
  readonly status: string;
  readonly updatedAt: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface RecordFlowInput {
  readonly now: string;
  readonly from: string;
  readonly to: string;
  readonly workItems: readonly FlowRecord[];
  readonly incidents: readonly FlowRecord[];
  readonly retros: readonly FlowRecord[];
  /** Each retro's action items, by retro key. */
  readonly retroActions: ReadonlyMap<string, readonly FlowRecord[]>;
}

/** Seed 001: blocked over 1 day, tag the blocking party; over 2, both team leads; over 3, the VP Eng. */
export const ESCALATION_LADDER = [
  { overDays: 3, level: 3, step: 'escalate to the VP Eng' },
  { overDays: 2, level: 2, step: 'escalate to both team leads' },
  { overDays: 1, level: 1, step: 'update the ticket and tag the blocking party' },
] as const;

/** Seed 001: a blameless retro within 48 hours of a P1/P2. */
export const RETRO_DUE_HOURS = 48;

export const STALE_IN_PROGRESS_DAYS = 5;
const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface RecordFlowMetrics {
  readonly workInProgress: readonly { readonly person: string; readonly items: number; readonly keys: readonly string[] }[];
  readonly staleInProgress: readonly { readonly key: string; readonly title: string; readonly assignee: string | null; readonly daysSinceUpdate: number }[];
  readonly blocked: readonly { readonly key: string; readonly title: string; readonly blockedBy: string | null; readonly ageDays: number; readonly escalation: string | null }[];
  readonly p1p2IncidentsPerMonth: readonly { readonly month: string; readonly incidents: number }[];
  readonly retrosWithin48h: { readonly due: number; readonly within48h: number; readonly rate: number | null };
  readonly retroActionItems: { readonly total: number; readonly completed: number; readonly dropped: number; readonly rate: number | null };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const days = (ms: number) => Math.floor((ms / DAY) * 10) / 10;
const P1P2 = new Set(['P1', 'P2', 'SEV1', 'SEV2']);

/**
 * @example recordFlowMetrics({ now, from, to, workItems, incidents, retros, retroActions }).blocked[0].escalation // 'escalate to both team leads'
 */
export function recordFlowMetrics(input: RecordFlowInput): RecordFlowMetrics {
  const now = Date.parse(input.now);
  const inProgress = input.workItems.filter((w) => w.status === 'In Progress');
  const byPerson = new Map<string, string[]>();
  for (const w of inProgress) {
    const person = text(w.fields.Assignee) ?? '(unassigned)';
    byPerson.set(person, [...(byPerson.get(person) ?? []), w.key]);
  }
  const open = input.workItems.filter((w) => w.status !== 'Done' && w.status !== 'Canceled');
  const blocked = open
    .filter((w) => text(w.fields['Blocked Since']))
    .map((w) => {
      const age = now - Date.parse(String(w.fields['Blocked Since']));
      return {
        key: w.key,
        title: w.title,
        blockedBy: text(w.fields['Blocked By']),
        ageDays: days(age),
        escalation: ESCALATION_LADDER.find((l) => age > l.overDays * DAY)?.step ?? null,
      };
    })
    .sort((a, b) => b.ageDays - a.ageDays);
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const months = new Map<string, number>();
  for (const i of input.incidents) {
    const start = text(i.fields.Start);
    if (!start || !P1P2.has(String(i.fields.Severity ?? '').toUpperCase())) continue;
    const t = Date.parse(start);
    if (t < from || t > to) continue;
    months.set(start.slice(0, 7), (months.get(start.slice(0, 7)) ?? 0) + 1);
  }
  const due = input.retros.filter((r) => P1P2.has(String(r.fields.Priority ?? '')) && inWindow(text(r.fields['Resolved At']), from, to));
  const within = due.filter((r) => {
    const held = text(r.fields['Held At']);
    const resolved = text(r.fields['Resolved At']);
    return held !== null && resolved !== null && Date.parse(held) - Date.parse(resolved) <= RETRO_DUE_HOURS * HOUR;
  });
  const actions = input.retros.flatMap((r) => input.retroActions.get(r.key) ?? []);
  const completed = actions.filter((a) => a.status === 'Done').length;
  const dropped = actions.filter((a) => a.status === 'Dropped').length;
  return {
    workInProgress: [...byPerson].map(([person, keys]) => ({ person, items: keys.length, keys })).sort((a, b) => b.items - a.items || a.person.localeCompare(b.person)),
    staleInProgress: inProgress
      .filter((w) => now - Date.parse(w.updatedAt) > STALE_IN_PROGRESS_DAYS * DAY)
      .map((w) => ({ key: w.key, title: w.title, assignee: text(w.fields.Assignee), daysSinceUpdate: days(now - Date.parse(w.updatedAt)) })),
    blocked,
    p1p2IncidentsPerMonth: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, incidents]) => ({ month, incidents })),
    retrosWithin48h: { due: due.length, within48h: within.length, rate: due.length === 0 ? null : within.length / due.length },
    retroActionItems: { total: actions.length, completed, dropped, rate: actions.length === 0 ? null : completed / actions.length },
  };
}

function inWindow(at: string | null, from: number, to: number): boolean {
  return at !== null && Date.parse(at) >= from && Date.parse(at) <= to;
}

export interface OverdueRetro {
  readonly key: string;
  readonly title: string;
  readonly priority: string;
  readonly resolvedAt: string;
  readonly hoursSinceResolved: number;
}

/**
 * The P1/P2 retros not held although their incident was resolved more than 48 hours ago: what
 * `retrosWithin48h` will count as late, while there is still time to hold them.
 *
 * @example overdueRetros(retros, '2026-06-30T12:00:00Z') // [{ key: 'RETRO-0002', hoursSinceResolved: 50, … }]
 */
export function overdueRetros(retros: readonly FlowRecord[], now: string): OverdueRetro[] {
  const at = Date.parse(now);
  return retros
    .filter((r) => P1P2.has(String(r.fields.Priority ?? '')) && text(r.fields['Held At']) === null && text(r.fields['Resolved At']) !== null)
    .filter((r) => at - Date.parse(String(r.fields['Resolved At'])) > RETRO_DUE_HOURS * HOUR)
    .map((r) => {
      const resolvedAt = String(r.fields['Resolved At']);
      return { key: r.key, title: r.title, priority: String(r.fields.Priority), resolvedAt, hoursSinceResolved: Math.floor(((at - Date.parse(resolvedAt)) / HOUR) * 10) / 10 };
    });
}

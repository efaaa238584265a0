import type { Ritual } from '../../core/pack/ritual-schema.ts';
import { callTime, nextFire } from '../../core/rituals/ritual-occurrence.ts';
import { listRecordRows } from '../../store/record-rows.ts';
import { loadRituals } from '../../store/ritual-settings.ts';
import type { Session } from '../session.ts';

/** A ritual with when it is next due. */
export interface RitualStatus {
  readonly id: string;
  readonly name: string;
  readonly kind: Ritual['kind'];
  readonly database: string;
  /** `cron 0 9 * * 1 (UTC)` or `48h before each customer-calls.Date`. */
  readonly schedule: string;
  /** The next time an occurrence falls due, or null when none is known (no call ahead). */
  readonly nextDue: string | null;
  /** For a call prep: the call that next falls due. */
  readonly nextOccurrence?: string;
}

async function nextCallPrep(session: Session, r: Extract<Ritual, { kind: 'call-prep' }>, now: number): Promise<{ due: string; call: string } | null> {
  let best: { due: number; call: string } | null = null;
  for (const call of await listRecordRows(session.store.db, session.workspaceId, { database: r.calls.database })) {
    const t = callTime(call.fields[r.calls.field]);
    if (t === null) continue;
    const due = t - r.hoursBefore * 3_600_000;
    if (due > now && (!best || due < best.due)) best = { due, call: call.key };
  }
  return best && { due: new Date(best.due).toISOString(), call: best.call };
}

/**
 * The workspace's rituals and when each is next due: a cron ritual at its next fire, a call
 * prep at the next call's time less its lead.
 *
 * @example (await listRituals(session))[0] // { id: 'weekly-delivery-review', nextDue: '2026-12-14T09:00:00.000Z', … }
 */
export async function listRituals(session: Session): Promise<RitualStatus[]> {
  const now = session.clock();
  const out: RitualStatus[] = [];
  for (const r of await loadRituals(session.store.db, session.workspaceId)) {
    const base = { id: r.id, name: r.name, kind: r.kind, database: r.database };
    if (r.kind === 'call-prep') {
      const next = await nextCallPrep(session, r, now.getTime());
      out.push({
        ...base,
        schedule: `${r.hoursBefore}h before each ${r.calls.database}.${r.calls.field}`,
        nextDue: next?.due ?? null,
        ...(next ? { nextOccurrence: next.call } : {}),
      });
    } else {
      out.push({ ...base, schedule: `cron ${r.cron} (UTC)`, nextDue: nextFire(r.cron, now)?.toISOString() ?? null });
    }
  }
  return out;
}

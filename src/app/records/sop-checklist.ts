import { invalidInput } from '../../core/errors.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { possessive, type SopStep, sopChecklist } from '../../core/records/sop-checklist.ts';
import { appendAudit } from '../../store/audit-rows.ts';
import { deleteSopTick, putSopTick, sopTicksOf } from '../../store/sop-rows.ts';
import type { Db } from '../../store/store.ts';
import { databaseOf, type Session } from '../session.ts';
import { inWriteTransaction } from '../write-context.ts';
import { findRecord } from './find-record.ts';

/** A record's SOP checklist, as the CLI, the API and the web app show it. */
export interface SopReport {
  readonly record: string;
  readonly database: string;
  readonly steps: readonly SopStep[];
  readonly done: number;
  readonly total: number;
}

export interface CheckSopInput {
  readonly ref: string;
  /** 1-based; several steps are ticked (or unticked) together, or none is. */
  readonly step: number | readonly number[];
  readonly done: boolean;
}

async function report(db: Db, session: Session, record: StoredRecord, def: DatabaseDef): Promise<SopReport> {
  const checklist = sopChecklist(def.sop, await sopTicksOf(db, session.workspaceId, [record.id]));
  return { record: record.key, database: def.id, ...checklist };
}

/**
 * The SOP of a record's database, with who ticked each step and when.
 *
 * @example await readSop(session, 'CHG-0001') // { record: 'CHG-0001', database: 'changes', done: 1, total: 3, steps: [...] }
 */
export async function readSop(session: Session, ref: string): Promise<SopReport> {
  const record = await findRecord(session.store.db, session, ref);
  return report(session.store.db, session, record, databaseOf(session, record.database));
}

function checkedSteps(def: DatabaseDef, record: StoredRecord, step: CheckSopInput['step']): number[] {
  const total = def.sop?.length ?? 0;
  if (total === 0) throw invalidInput(`${def.name} has no SOP, so ${record.key} has no steps to tick`, { record: record.key, database: def.id });
  const steps = [...new Set([step].flat())];
  const bad = steps.filter((s) => !Number.isInteger(s) || s < 1 || s > total);
  if (bad.length > 0) {
    const which = bad.length === 1 ? `step ${bad[0]} does not exist` : `steps ${bad.join(', ')} do not exist`;
    throw invalidInput(`${possessive(def.name)} SOP has ${total} step${total === 1 ? '' : 's'}; ${which} (give 1 to ${total})`, { record: record.key, steps: bad, total });
  }
  return steps;
}

/**
 * Ticks (done) or unticks SOP steps of a record, in one transaction with an audit entry per
 * step that changed. Ticking a ticked step, or unticking one nobody ticked, changes nothing and
 * writes no audit entry.
 *
 * @example await checkSop(session, { ref: 'CHG-0001', step: 2, done: true })
 */
export async function checkSop(session: Session, input: CheckSopInput): Promise<SopReport> {
  return inWriteTransaction(session, input.done ? 'tick SOP steps' : 'untick SOP steps', async (w) => {
    const record = await findRecord(w.db, session, input.ref);
    const def = databaseOf(session, record.database);
    const steps = checkedSteps(def, record, input.step);
    const before = await report(w.db, session, record, def);
    for (const step of steps) {
      const current = before.steps[step - 1];
      if (!current || current.done === input.done) continue;
      if (input.done) await putSopTick(w.db, session.workspaceId, { recordId: record.id, step, stepText: current.text, checkedBy: session.actor, checkedAt: w.now.toISOString() });
      else await deleteSopTick(w.db, session.workspaceId, record.id, step);
      await appendAudit(w.db, session.store.trust, session.workspaceId, {
        at: w.now.toISOString(),
        actor: session.actor,
        action: input.done ? 'record.sop.check' : 'record.sop.uncheck',
        recordId: record.id,
        database: record.database,
        recordKey: record.key,
        before: { step, text: current.text, done: current.done },
        after: { step, text: current.text, done: input.done },
      });
    }
    return report(w.db, session, record, def);
  });
}

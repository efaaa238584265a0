import { conflict, invalidInput } from '../../core/errors.ts';
import type { FieldValue } from '../../core/fields/parse-field-value.ts';
import { publicRecord, type RecordedAs, type StoredRecord } from '../../core/records/eos-record.ts';
import { recordsByRef } from '../../store/record-rows.ts';
import { decideIn } from '../decide.ts';
import { notifyRefusedMove } from '../people/notify-refused-move.ts';
import { databaseOf, type Session } from '../session.ts';
import { inWriteTransaction, type WriteContext } from '../write-context.ts';
import { relationChanges, type WriteResult } from './create-record.ts';
import { enforceGates } from './enforce-gates.ts';
import { findRecord } from './find-record.ts';
import { freezeEvidence } from './freeze-evidence.ts';
import { explainInverseWrites } from './inverse-writes.ts';
import { assertNoProblems, type ParsedSet, parseSet } from './parse-set.ts';
import { mergedLinks, mergedUnresolved, type RelationChanges, saveRecord, withDerived } from './record-writer.ts';

export function assertVersion(record: StoredRecord, ifVersion: number | undefined): void {
  if (ifVersion === undefined || record.version === ifVersion) return;
  throw conflict(`${record.key} is at version ${record.version}, not ${ifVersion}: someone changed it since you read it. Reload it and try again.`, {
    record: record.key,
    expected: ifVersion,
    actual: record.version,
  });
}

function bumped(w: WriteContext, record: StoredRecord): Pick<StoredRecord, 'version' | 'updatedAt' | 'updatedBy'> {
  return { version: record.version + 1, updatedAt: w.now.toISOString(), updatedBy: w.session.actor };
}

export interface UpdateInput {
  readonly record: StoredRecord;
  readonly parsed: ParsedSet;
  /** Relation changes computed by the caller (link/unlink); otherwise from `parsed`. */
  readonly changes?: RelationChanges;
  readonly ifVersion?: number | undefined;
  readonly action?: string;
}

/** Updates fields (never the status) inside an open write transaction. */
export async function updateRecordIn(w: WriteContext, input: UpdateInput): Promise<StoredRecord> {
  const { record, parsed } = input;
  const def = databaseOf(w.session, record.database);
  assertNoProblems(parsed.problems, `Can't update ${record.key}`);
  if (parsed.status) throw invalidInput(`The status changes only by a move: eos record move ${record.key} '${parsed.status}'`, { field: def.status.field });
  assertVersion(record, input.ifVersion);
  const fields: Record<string, FieldValue> = { ...record.fields };
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === null) delete fields[name];
    else fields[name] = value;
  }
  const titleField = def.fields.find((f) => f.type === 'title');
  let { key, title } = record;
  if (titleField && titleField.name in parsed.values) {
    const next = parsed.values[titleField.name];
    if (typeof next !== 'string' || next.trim() === '') throw invalidInput(`${titleField.name} can't be empty`, { field: titleField.name });
    title = next.trim();
    fields[titleField.name] = title;
    if ('field' in def.key && title !== record.key) {
      if ((await recordsByRef(w.db, w.session.workspaceId, [title], def.id)).some((r) => r.key === title)) {
        throw invalidInput(`${def.name} already has a record '${title}'`, { record: title });
      }
      key = title;
    }
  }
  const changes = input.changes ?? (await relationChanges(w, def, parsed, key));
  const links = await mergedLinks(w, record.id, changes);
  const draft = { ...record, key, title, fields, unresolved: mergedUnresolved(record.unresolved, changes), ...bumped(w, record) };
  const after = await withDerived(w, def, draft, links);
  await saveRecord(w, { def, before: record, after, changes, action: input.action ?? 'record.update' });
  return after;
}

/**
 * Updates a record's fields from `Field=value` pairs; `ifVersion` refuses a stale write.
 *
 * @example await updateRecord(session, { ref: 'CHG-0001', set: [['Points', '3']], ifVersion: 1 })
 */
export async function updateRecord(session: Session, input: { ref: string; set: readonly (readonly [string, string])[]; ifVersion?: number | undefined }): Promise<WriteResult> {
  return inWriteTransaction(session, 'update records', async (w) => {
    const record = await findRecord(w.db, session, input.ref);
    const def = databaseOf(session, record.database);
    const parsed = explainInverseWrites(session, def, parseSet(def, input.set));
    w.warnings.push(...(parsed.warnings ?? []));
    const after = await updateRecordIn(w, { record, parsed, ifVersion: input.ifVersion });
    return { record: publicRecord(after), warnings: w.warnings };
  });
}

export interface MoveInput {
  readonly record: StoredRecord;
  readonly to: string;
  readonly waiver?: string | undefined;
  readonly ifVersion?: number | undefined;
  /** Takes the status as given, past no gate, and marks the record so (an as-recorded import; ADR 043). */
  readonly recordedAs?: RecordedAs | undefined;
}

/** Moves a record inside an open write transaction, past its gates or refused with every unmet criterion. */
export async function moveRecordIn(w: WriteContext, input: MoveInput): Promise<StoredRecord> {
  const { record } = input;
  const def = databaseOf(w.session, record.database);
  assertVersion(record, input.ifVersion);
  const to = def.status.values.find((s) => s.toLowerCase() === input.to.trim().toLowerCase()) ?? input.to;
  const links = await mergedLinks(w, record.id, new Map());
  const marked = input.recordedAs ? { recordedAs: input.recordedAs } : {};
  const after = await withDerived(w, def, { ...record, status: to, ...marked, ...bumped(w, record) }, links, 'keep');
  if (input.recordedAs) {
    if (!def.status.values.includes(to))
      throw invalidInput(`'${to}' is not a status of ${def.name} (${def.status.values.join(', ')})`, { record: record.key, to, field: def.status.field });
    await saveRecord(w, { def, before: record, after, changes: new Map(), action: 'record.move', details: { from: record.status, to, recordedAs: input.recordedAs } });
    return after;
  }
  const pass = await enforceGates(w, { def, record: after, links, from: record.status, waiverRef: input.waiver });
  const waived = pass.waiver ? { waiver: pass.waiver.key, waived: pass.waived.map((u) => `${u.gate}/${u.criterion}`) } : undefined;
  await saveRecord(w, { def, before: record, after, changes: new Map(), action: 'record.move', details: { from: record.status, to, ...waived } });
  await freezeEvidence(w, { def, before: record, after });
  if (pass.waiver && waived) {
    const rationaleField = w.session.databases.get(pass.waiver.database)?.waiver?.rationale;
    const rationale = rationaleField ? pass.waiver.fields[rationaleField] : null;
    await decideIn(w, {
      scope: def.id,
      action: 'gate.waive',
      summary: `${record.key} moved ${record.status} → ${to} under waiver ${pass.waiver.key}, waiving ${waived.waived.join(', ')}`,
      rationale: typeof rationale === 'string' ? rationale : `Approved waiver ${pass.waiver.key}`,
      record: `${record.database}/${record.key}`,
      evidence: [pass.waiver.key],
      details: { from: record.status, to, ...waived },
    });
  }
  return after;
}

/**
 * Moves a record to a status. Refused with gate_blocked (every unmet criterion) unless the
 * gates hold or an approved waiver names the unmet criteria; a waived move is logged as a decision.
 */
export async function moveRecord(session: Session, input: { ref: string; to: string; waiver?: string | undefined; ifVersion?: number | undefined }): Promise<WriteResult> {
  try {
    return await inWriteTransaction(session, 'move records', async (w) => {
      const record = await findRecord(w.db, session, input.ref);
      const after = await moveRecordIn(w, { record, to: input.to, waiver: input.waiver, ifVersion: input.ifVersion });
      return { record: publicRecord(after), warnings: w.warnings };
    });
  } catch (error) {
    // The record's people and the signers it waits for hear of the refusal (ADR 072).
    await notifyRefusedMove(session, input.ref, error);
    throw error;
  }
}

import { invalidInput } from '../../core/errors.ts';
import type { FieldValue } from '../../core/fields/parse-field-value.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { databaseOf, type Session } from '../session.ts';
import type { WriteContext } from '../write-context.ts';
import { relationChanges } from './create-record.ts';
import { findRecord } from './find-record.ts';
import { checkRecords, type RecordGateReport } from './gate-check.ts';
import { assertNoProblems, parseSet } from './parse-set.ts';
import { mergedLinks, mergedUnresolved, withDerived } from './record-writer.ts';

export interface PreviewInput {
  readonly ref: string;
  /** The unsaved edits, as `Field=value` pairs parsed by type like an update's. */
  readonly set: readonly (readonly [string, string])[];
}

/**
 * What stands between a record and each next status if the unsaved edits were saved: the
 * record is rebuilt as an update would build it (relations resolved, formulas and rollups
 * recomputed), but nothing is written. The web app's live gate panel calls it as you type.
 *
 * @example await previewGates(session, { ref: 'ECR-0001', set: [['Risk Level', 'Low']] }) // { record: 'ECR-0001', next: [...] }
 */
export async function previewGates(session: Session, input: PreviewInput): Promise<RecordGateReport> {
  const record = await findRecord(session.store.db, session, input.ref);
  const def = databaseOf(session, record.database);
  const parsed = parseSet(def, input.set);
  assertNoProblems(parsed.problems, `Can't preview ${record.key}`);
  if (parsed.status) throw invalidInput(`The status changes only by a move; the preview shows every next status of ${record.key}`, { field: def.status.field });
  // Only reads happen here: the context has no transaction and nothing is saved.
  const w: WriteContext = { db: session.store.db, session, now: session.clock(), warnings: [] };
  const fields: Record<string, FieldValue> = { ...record.fields };
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === null) delete fields[name];
    else fields[name] = value;
  }
  const changes = await relationChanges(w, def, parsed, record.key);
  const links = await mergedLinks(w, record.id, changes);
  const draft: StoredRecord = { ...record, fields, unresolved: mergedUnresolved(record.unresolved, changes) };
  const edited = await withDerived(w, def, draft, links);
  const [report] = await checkRecords(session, def, [edited], new Map([[record.id, links]]));
  if (!report) throw new Error(`no gate report for ${record.key}`);
  return report;
}

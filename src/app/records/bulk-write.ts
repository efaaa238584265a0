import { invalidInput, toEosError } from '../../core/errors.ts';
import { type EosRecord, publicRecord } from '../../core/records/eos-record.ts';
import { databaseOf, type Session } from '../session.ts';
import { inWriteTransaction } from '../write-context.ts';
import { findRecord } from './find-record.ts';
import { explainInverseWrites } from './inverse-writes.ts';
import { parseSet } from './parse-set.ts';
import { moveRecordIn, updateRecordIn } from './update-record.ts';

export interface BulkInput {
  /** The records, by key (or exact title), at most BULK_LIMIT. */
  readonly keys: readonly string[];
  /** Fields to set on each (`Field=value` pairs, as eos record update). */
  readonly set?: readonly (readonly [string, string])[] | undefined;
  /** Then move each to this status, past its own gates. */
  readonly to?: string | undefined;
}

export type BulkOutcome =
  | { readonly key: string; readonly ok: true; readonly record: EosRecord; readonly warnings: readonly string[] }
  | { readonly key: string; readonly ok: false; readonly error: { readonly code: string; readonly message: string; readonly [detail: string]: unknown } };

export const BULK_LIMIT = 500;

/**
 * Edits and/or moves many records, each on its own: one transaction per record (its edit and its
 * move together or neither), through the same steps as a single edit and move, so each passes
 * its own gates (decideMove) and a refusal of one leaves the others written. The result lists every record with its outcome, each refusal
 * with its code, message and unmet criteria.
 *
 * @example await bulkWrite(session, { keys: ['CHG-0001', 'CHG-0002'], to: 'Approved' }) // { done: 1, refused: 1, results: [...] }
 */
export async function bulkWrite(session: Session, input: BulkInput): Promise<{ done: number; refused: number; results: BulkOutcome[] }> {
  const keys = [...new Set(input.keys.map((k) => k.trim()).filter(Boolean))];
  if (keys.length === 0) throw invalidInput('Name the records: keys must list at least one', { field: 'keys' });
  if (keys.length > BULK_LIMIT) throw invalidInput(`At most ${BULK_LIMIT} records at once, not ${keys.length}: split the list`, { field: 'keys' });
  const set = input.set ?? [];
  if (set.length === 0 && !input.to) throw invalidInput('Say what to do: set fields, a status to move to (to), or both', { field: 'set' });
  const results: BulkOutcome[] = [];
  for (const key of keys) {
    try {
      const written = await inWriteTransaction(session, input.to ? 'move records' : 'update records', async (w) => {
        let record = await findRecord(w.db, session, key);
        if (set.length > 0) {
          const parsed = explainInverseWrites(session, databaseOf(session, record.database), parseSet(databaseOf(session, record.database), set));
          w.warnings.push(...(parsed.warnings ?? []));
          record = await updateRecordIn(w, { record, parsed });
        }
        if (input.to) record = await moveRecordIn(w, { record, to: input.to });
        return { record: publicRecord(record), warnings: [...w.warnings] };
      });
      results.push({ key, ok: true, ...written });
    } catch (error) {
      const e = toEosError(error);
      if (e.code === 'internal') throw error;
      results.push({ key, ok: false, error: { code: e.code, message: e.message, ...e.details } });
    }
  }
  const done = results.filter((r) => r.ok).length;
  return { done, refused: results.length - done, results };
}

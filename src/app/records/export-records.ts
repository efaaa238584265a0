import { stringify } from 'csv-stringify/sync';
import { csvSafeRows } from '../../core/csv-formula.ts';
import { invalidInput } from '../../core/errors.ts';
import type { FieldValue } from '../../core/fields/parse-field-value.ts';
import { databaseOf, type Session } from '../session.ts';
import { findField } from './parse-set.ts';
import { type ListInput, listRecords } from './read-records.ts';

/** A value as a spreadsheet cell: lists joined with "; ", a signature as its verdict and signer. */
function cellOf(value: FieldValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'object') {
    const s = value as { verdict?: string; by?: string; at?: string };
    return [s.verdict === 'go' ? 'GO' : s.verdict === 'no_go' ? 'NO-GO' : s.verdict, s.by && `by ${s.by}`, s.at].filter(Boolean).join(' ');
  }
  return String(value);
}

/**
 * A table view as CSV: the records the filter (`where`, `sort`, `archived`) lists, with Key, the
 * status and the columns on screen, in their order (all fields without `columns`). Every cell is
 * formula-escaped (csvSafeCell), so a value like `=HYPERLINK(…)` stays text in a spreadsheet.
 *
 * @example await exportRecordsCsv(session, { database: 'changes', where: "record.Status == 'Proposed'", columns: ['Risk Level'] }) // 'Key,Status,Risk Level\r\nCHG-0001,Proposed,High\r\n'
 */
export async function exportRecordsCsv(
  session: Session,
  input: Omit<ListInput, 'limit' | 'offset'> & { columns?: readonly string[] | undefined },
): Promise<{ csv: string; rows: number; file: string }> {
  const def = databaseOf(session, input.database);
  const names = input.columns ?? def.fields.map((f) => f.name);
  const fields = names.map((name) => {
    if (name === 'Key' || name === 'key') return 'Key';
    const field = findField(def, name);
    if (!field)
      throw invalidInput(`Can't export column '${name}': ${def.name} has no such field (${def.fields.map((f) => f.name).join(', ')})`, { field: 'columns', column: name });
    return field.name;
  });
  const columns = ['Key', def.status.field, ...fields.filter((f) => f !== 'Key' && f !== def.status.field)];
  const unique = [...new Set(columns)];
  const records = await listRecords(session, { database: def.id, where: input.where, sort: input.sort, archived: input.archived });
  const rows = records.map((r) => unique.map((c) => (c === 'Key' ? r.key : c === def.status.field ? r.status : cellOf(r.fields[c]))));
  const csv = stringify(csvSafeRows([unique, ...rows]), { record_delimiter: '\r\n' });
  return { csv, rows: records.length, file: `${def.id}.csv` };
}

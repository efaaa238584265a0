import type { FieldType } from '../pack/pack-schema.ts';
import type { ImportFormat } from './import-format.ts';

const LIST_TYPES: ReadonlySet<FieldType | 'status'> = new Set(['multi_select', 'people', 'relation', 'files']);
const TEXT_TYPES: ReadonlySet<FieldType | 'status'> = new Set(['text', 'title']);

/** A column's cells as a field parser reads them: one text, or the items of a list field. */
export type Converted =
  | { readonly ok: true; readonly value: string | readonly string[]; readonly warning?: string }
  | { readonly ok: false; readonly value: string; readonly reason: string };

export interface ConvertInput {
  readonly format: ImportFormat;
  /** The column's name as the file writes it. */
  readonly column: string;
  /** Its cells, one per copy of the header. */
  readonly values: readonly string[];
  /** The type of the field the column fills (`status` for the status field). */
  readonly type: FieldType | 'status';
  /** `--value 'Column:from=to'` for this column, keyed by the lower-cased source value. */
  readonly valueMap?: ReadonlyMap<string, string>;
}

/**
 * Turns one column's cells into what the field's parser reads, by the source's rules: list
 * fields get every item of every copy, text fields the copies' text, dates ISO-8601, and
 * single-valued fields the one value (the first, with a warning, when copies disagree).
 *
 * @example convertCell({ format: PLAIN_FORMAT, column: 'Labels', values: ['a', 'b'], type: 'multi_select' }) // { ok: true, value: ['a', 'b'] }
 */
export function convertCell(input: ConvertInput): Converted {
  const { format, column, type } = input;
  const mapped = (v: string) => input.valueMap?.get(v.trim().toLowerCase()) ?? v;
  const present = input.values.filter((v) => v.trim() !== '');
  if (LIST_TYPES.has(type)) return { ok: true, value: present.flatMap((v) => format.items(column, v)).map(mapped) };
  if (TEXT_TYPES.has(type)) return { ok: true, value: present.length === 0 ? (input.values[0] ?? '') : format.text(column, present.map(mapped)) };
  const distinct = [...new Set(present.map((v) => v.trim()))];
  const first = mapped(present[0] ?? '');
  const warning = distinct.length > 1 ? `column '${column}' holds ${distinct.length} values (${distinct.join(', ')}) for one field; the first is used` : undefined;
  const ok = (value: string): Converted => ({ ok: true, value, ...(warning ? { warning } : {}) });
  if (first.trim() === '') return ok('');
  if (type === 'date' || type === 'datetime') {
    const reading = format.when(first);
    return reading.ok ? ok(reading.iso) : { ok: false, value: first, reason: reading.reason };
  }
  if (type === 'number' && format.number) return ok(format.number(column, first));
  return ok(first);
}

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
  const { format, column, type, valueMap } = input;
  const present = nonEmpty(input.values);
  if (LIST_TYPES.has(type))
    return {
      ok: true,
      value: mapAll(
        valueMap,
        present.flatMap((v) => format.items(column, v)),
      ),
    };
  if (TEXT_TYPES.has(type)) return { ok: true, value: present.length === 0 ? (input.values[0] ?? '') : format.text(column, mapAll(valueMap, present)) };
  const first = mapValue(valueMap, present[0] ?? '');
  const value = first.trim() === '' ? first : single(format, column, type, first);
  if (typeof value !== 'string') return value;
  const distinct = present.length > 1 ? [...new Set(present.map((v) => v.trim()))] : present;
  if (distinct.length < 2) return { ok: true, value };
  return { ok: true, value, warning: `column '${column}' holds ${distinct.length} values (${distinct.join(', ')}) for one field; the first is used` };
}

// Hot: a call per cell of the file, so no closures are made per call.
function nonEmpty(values: readonly string[]): readonly string[] {
  if (values.length === 1) return (values[0] ?? '').trim() === '' ? [] : values;
  return values.filter((v) => v.trim() !== '');
}

function mapValue(valueMap: ReadonlyMap<string, string> | undefined, value: string): string {
  return valueMap?.get(value.trim().toLowerCase()) ?? value;
}

function mapAll(valueMap: ReadonlyMap<string, string> | undefined, values: readonly string[]): readonly string[] {
  return valueMap ? values.map((v) => mapValue(valueMap, v)) : values;
}

/** A single-valued field's cell: dates as ISO-8601, numbers as the source spells them; a failure as it is reported. */
function single(format: ImportFormat, column: string, type: FieldType | 'status', value: string): string | Converted {
  if (type === 'date' || type === 'datetime') {
    const reading = format.when(value);
    return reading.ok ? reading.iso : { ok: false, value, reason: reading.reason };
  }
  return type === 'number' && format.number ? format.number(column, value) : value;
}

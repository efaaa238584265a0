import type { ImportFormat } from './import-format.ts';

/** A column of the source: one header name, over every copy of it (Jira repeats names). */
export interface SourceColumn {
  /** The name as the file writes it, trimmed; `<Column>.end` for the end of a date range. */
  readonly name: string;
  /** The names it is matched by against fields, first wins (Jira's `Resumen`, then `Summary`). */
  readonly names: readonly string[];
  /** The positions of its copies in the file's rows. */
  readonly indices: readonly number[];
  /** Set on the virtual column that holds the ends of a date-range column's cells. */
  readonly rangeEndOf?: string;
}

export interface SourceRow {
  /** The spreadsheet row number (the header is row 1). */
  readonly row: number;
  /** The cells as the file has them, for the errors CSV. */
  readonly raw: readonly string[];
  /** Each column's cells, one per copy, cleaned by the format. */
  readonly values: readonly (readonly string[])[];
}

export interface SourceTable {
  readonly columns: readonly SourceColumn[];
  readonly rows: readonly SourceRow[];
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/**
 * Groups a file's header into columns (copies of one name become one column with several
 * cells), adds a `<Column>.end` column where a column holds date ranges, and cleans every cell
 * as the format says.
 *
 * @example sourceTable(['A', 'L', 'L'], [{ row: 2, cells: ['x', 'p', 'q'] }], PLAIN_FORMAT).rows[0].values // [['x'], ['p', 'q']]
 */
export function sourceTable(header: readonly string[], rows: readonly { row: number; cells: readonly string[] }[], format: ImportFormat): SourceTable {
  const byName = new Map<string, number[]>();
  for (const [i, h] of header.entries()) byName.set(h.trim(), [...(byName.get(h.trim()) ?? []), i]);
  const columns: SourceColumn[] = [...byName].map(([name, indices]) => ({ name, names: unique([name, format.canonical(name)]), indices }));
  const rangeEnd = format.rangeEnd;
  if (rangeEnd) {
    for (const column of [...columns]) {
      if (!rows.some((r) => column.indices.some((i) => rangeEnd(r.cells[i] ?? '') !== undefined))) continue;
      const end = (c: string) => [`${c}.end`, `${c} end`, `end ${c}`, `${c} (end)`];
      columns.push({ name: `${column.name}.end`, names: unique(column.names.flatMap(end)), indices: column.indices, rangeEndOf: column.name });
    }
  }
  return {
    columns,
    rows: rows.map(({ row, cells }) => ({
      row,
      raw: cells,
      values: columns.map((c) => c.indices.map((i) => format.clean(c.rangeEndOf && rangeEnd ? (rangeEnd(cells[i] ?? '') ?? '') : (cells[i] ?? '')))),
    })),
  };
}

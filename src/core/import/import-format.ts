/** The sources `eos import csv --format` knows; `auto` picks one of them. */
export const IMPORT_FORMATS = ['plain', 'notion', 'linear', 'jira'] as const;
export type ImportFormatId = (typeof IMPORT_FORMATS)[number];

/** A cell read as a date: ISO-8601 (`YYYY-MM-DD`, or a local time with its offset), or why not. */
export type DateReading = { readonly ok: true; readonly iso: string } | { readonly ok: false; readonly reason: string };

/** What one source's cells mean beyond plain CSV; each hook sees one column's cells at a time. */
export interface ImportFormat {
  readonly id: ImportFormatId;
  /** The column a source's titles are in, when it isn't named like the title field (Jira's Summary). */
  readonly titleColumn: (columns: readonly string[]) => string | undefined;
  /** The column holding the source's own ID, used to match records on re-import. */
  readonly idColumn?: string;
  /** The English name a header is matched by (Jira's Spanish `Resumen` reads as Summary). */
  readonly canonical: (name: string) => string;
  /** Undoes what the exporter added to every cell (Linear's `'` before `+ - = @`). */
  readonly clean: (value: string) => string;
  /** Each row's source ID from its title, where the source has no ID column (Notion: the row page's ID). */
  readonly rowIds?: (titles: readonly string[]) => readonly string[];
  /** Why a row is left out, or undefined (Linear's archived issues); `cell` gives a column's first value. */
  readonly excluded?: (cell: (column: string) => string) => string | undefined;
  /** The items of one cell bound for a list field (multi-select, people, relation, files). */
  readonly items: (column: string, value: string) => readonly string[];
  /** The cells of a column (several when the header repeats) as the text of a text field. */
  readonly text: (column: string, values: readonly string[]) => string;
  /** A cell bound for a date or date-time field. */
  readonly when: (value: string) => DateReading;
  /** A cell bound for a number field, when the source writes numbers as names (Linear's Priority). */
  readonly number?: (column: string, value: string) => string;
  /** What the format noticed about the whole file (how it read ambiguous dates). */
  readonly warnings?: readonly string[];
  /** A Notion date range's end, when the cell is one (`A → B`); it fills the virtual column `<Column>.end`. */
  readonly rangeEnd?: (value: string) => string | undefined;
}

/** Case- and space-insensitive column names: `"Working on "` is `working on`. */
export function columnKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The list items of a plain cell: `a;b`, or `a, b` when there is no `;`. */
export function plainItems(value: string): string[] {
  const parts = value.includes(';') ? value.split(';') : value.split(',');
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Plain CSV: cells go to the field parsers as written. */
export const PLAIN_FORMAT: ImportFormat = {
  id: 'plain',
  titleColumn: () => undefined,
  canonical: (name) => name,
  clean: (value) => value,
  items: (_column, value) => plainItems(value),
  text: (_column, values) => values.join('\n'),
  when: (value) => ({ ok: true, iso: value }),
};

import type { ImportFormat } from './import-format.ts';
import { notionLinks, notionLocalTime, notionRange, notionRowIds } from './notion-cells.ts';
import { isRealTime, zonedIso } from './zoned-time.ts';

/**
 * Notion's "Markdown & CSV" export (docs/import-formats.md §1): the first column is the title,
 * relation cells are `Title (path/Title <32hex>.md)` lists, lists are joined with `", "`, dates
 * read `November 2, 2024` or `August 8, 2025 9:14 AM` in the exporter's zone, and a range
 * `A → B` fills a date field with A and the virtual column `<Column>.end` with B. There is no ID
 * column: a row's ID is its page's, from the row pages among `files`, else its title.
 */
export function notionFormat(options: { timeZone: string; files?: readonly string[] }): ImportFormat {
  const titles = (value: string) => notionLinks(value)?.map((l) => l.title);
  return {
    id: 'notion',
    titleColumn: (columns) => columns[0],
    rowIds: (rows) => notionRowIds(rows, options.files ?? []),
    canonical: (name) => name,
    clean: (value) => value,
    items: (_column, value) =>
      titles(value) ??
      value
        .split(', ')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    text: (_column, values) => values.map((v) => titles(v)?.join(', ') ?? v).join('\n'),
    when: (value) => {
      const start = notionRange(value)?.[0] ?? value;
      const t = notionLocalTime(start);
      if (!t || !isRealTime(t)) return { ok: false, reason: `'${start}' is not a date as Notion writes one (November 2, 2024, or August 8, 2025 9:14 AM)` };
      return { ok: true, iso: zonedIso(t, options.timeZone) };
    },
    rangeEnd: (value) => notionRange(value)?.[1],
  };
}

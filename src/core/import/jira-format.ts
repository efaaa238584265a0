import type { ImportFormat } from './import-format.ts';
import { type DayOrderReading, jiraAttachment, jiraComment, jiraHeader, jiraLocalTime, NUMERIC } from './jira-cells.ts';
import { isRealTime, zonedIso } from './zoned-time.ts';

const WRITES = 'dd/MMM/yy h:mm a, or dd/MM/yyyy HH:mm';

/** A comment as text: `2025-09-05 07:24 5fe07a7d…: body` (the time as the file writes it, read as ISO). */
function commentText(cell: string, read: (value: string) => string | undefined): string {
  const c = jiraComment(cell);
  if (!c.at && !c.author) return c.body;
  const at = read(c.at)?.slice(0, 16).replace('T', ' ') ?? c.at;
  return `${[at, c.author].filter((p) => p !== '').join(' ')}: ${c.body}`;
}

/**
 * Jira's "CSV (all fields / current fields)" export (docs/import-formats.md §3): a header that
 * repeats for multi-value fields (each copy is one item), Spanish headers read as English,
 * `Issue key` as the source ID, `Summary` as the title, Comment cells `date;author;body`,
 * Attachment cells `date;account;file;url`, and dates in the exporter's zone, in the day order
 * `dayOrder` found for the whole file.
 */
export function jiraFormat(options: { timeZone: string; dayOrder: DayOrderReading }): ImportFormat {
  const local = (value: string) => {
    const t = jiraLocalTime(value, options.dayOrder.order);
    return t && isRealTime(t) ? zonedIso(t, options.timeZone) : undefined;
  };
  return {
    id: 'jira',
    titleColumn: (columns) => columns.find((c) => jiraHeader(c) === 'Summary'),
    idColumn: 'Issue key',
    canonical: jiraHeader,
    clean: (value) => value,
    items: (column, value) => {
      if (value.trim() === '') return [];
      if (jiraHeader(column) === 'Attachment') return [jiraAttachment(value)?.url ?? value.trim()];
      return [value.trim()];
    },
    text: (column, values) => {
      const name = jiraHeader(column);
      if (name === 'Comment') return values.map((v) => commentText(v, local)).join('\n\n');
      if (name === 'Attachment') return values.map((v) => jiraAttachment(v)?.file ?? v).join('\n');
      return values.join('\n');
    },
    when: (value) => {
      const iso = local(value);
      if (iso) return { ok: true, iso };
      const numeric = NUMERIC.test(value.trim());
      const order = options.dayOrder.order === 'day-first' ? 'dd/MM/yyyy' : 'MM/dd/yyyy';
      return {
        ok: false,
        reason: numeric
          ? `'${value.trim()}' is not a date read as ${order}, the order of this file's other dates`
          : `'${value.trim()}' is not a date as Jira writes one (${WRITES})`,
      };
    },
    ...(options.dayOrder.warning ? { warnings: [options.dayOrder.warning] } : {}),
  };
}

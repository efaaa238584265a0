import { hour24, type LocalTime } from './zoned-time.ts';

/**
 * Jira's Spanish headers, read as their English names. The first seven are in a real export
 * (docs/import-formats.md §3); the rest appear in scripts that read Spanish exports.
 */
export const JIRA_SPANISH_HEADERS: Readonly<Record<string, string>> = {
  resumen: 'Summary',
  'clave de incidencia': 'Issue key',
  etiquetas: 'Labels',
  creada: 'Created',
  resuelta: 'Resolved',
  'persona asignada': 'Assignee',
  'id de la incidencia': 'Issue id',
  'tipo de incidencia': 'Issue Type',
  estado: 'Status',
  prioridad: 'Priority',
  actualizada: 'Updated',
  descripción: 'Description',
  'clave principal': 'Parent key',
  informador: 'Reporter',
  comentario: 'Comment',
  'fecha de vencimiento': 'Due date',
  resolución: 'Resolution',
  adjunto: 'Attachment',
  observadores: 'Watchers',
};

/** A Jira header as its English name: `Campo personalizado (Equipo)` is `Custom field (Equipo)`. */
export function jiraHeader(name: string): string {
  const trimmed = name.trim();
  const custom = /^campo personalizado \((.*)\)$/i.exec(trimmed);
  if (custom) return `Custom field (${custom[1]})`;
  return JIRA_SPANISH_HEADERS[trimmed.toLowerCase()] ?? trimmed;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  ene: 1,
  abr: 4,
  ago: 8,
  sept: 9,
  dic: 12,
};
// `22/Sep/25 9:26 AM`, `10/nov/25 4:51 PM`, `10/nov/25 4:51 p. m.`; the time is optional.
const NAMED = /^(\d{1,2})\/([A-Za-z]{3,4})\.?\/(\d{2}|\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp])\.? ?[Mm]\.?)?$/;
const NAMED_24H = /^(\d{1,2})\/([A-Za-z]{3,4})\.?\/(\d{2}|\d{4}) (\d{1,2}):(\d{2})$/;
// `16/02/2017 15:26` (day first, as Jira's dd/MM/yyyy), or month first where a file shows it is.
export const NUMERIC = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

const fullYear = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

/** Whether numeric dates in a file put the day first (`16/02/2017`) or the month (`02/16/2017`). */
export type DayOrder = 'day-first' | 'month-first';

/**
 * A Jira date or date-time as a local reading: `dd/MMM/yy h:mm a` (English or Spanish months),
 * `dd/MM/yyyy HH:mm` in the file's day order, or ISO; undefined when it is none of them.
 */
export function jiraLocalTime(text: string, order: DayOrder): LocalTime | undefined {
  const s = text.trim();
  const named = NAMED.exec(s) ?? NAMED_24H.exec(s);
  if (named) {
    const month = MONTHS[(named[2] ?? '').toLowerCase()];
    if (!month) return undefined;
    const day = { year: fullYear(named[3] ?? ''), month, day: Number(named[1]) };
    if (named[4] === undefined) return day;
    const hour = named[7] === undefined ? Number(named[4]) : hour24(Number(named[4]), named[7]);
    return { ...day, hour, minute: Number(named[5]), second: Number(named[6] ?? 0) };
  }
  const numeric = NUMERIC.exec(s);
  if (numeric) {
    const [a, b] = [Number(numeric[1]), Number(numeric[2])];
    const day = { year: fullYear(numeric[3] ?? ''), month: order === 'day-first' ? b : a, day: order === 'day-first' ? a : b };
    return numeric[4] === undefined ? day : { ...day, hour: Number(numeric[4]), minute: Number(numeric[5]), second: Number(numeric[6] ?? 0) };
  }
  const iso = ISO.exec(s);
  if (!iso) return undefined;
  const day = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  return iso[4] === undefined ? day : { ...day, hour: Number(iso[4]), minute: Number(iso[5]), second: Number(iso[6] ?? 0) };
}

/** How a file's numeric dates are read, and what to tell the user about it. */
export interface DayOrderReading {
  readonly order: DayOrder;
  readonly warning?: string;
}

/**
 * The day order of a file's numeric dates (docs/import-formats.md §3: Jira writes
 * `dd/MM/yyyy`, but `11/01/2023` reads either way). A date with a first part over 12 shows the
 * day comes first; one with a second part over 12 shows the month does. Without evidence the
 * day comes first, as Jira's pattern has it, and the warning says so.
 */
export function jiraDayOrder(cells: Iterable<string>): DayOrderReading {
  let dayFirst: string | undefined;
  let monthFirst: string | undefined;
  let ambiguous: string | undefined;
  for (const cell of cells) {
    const m = NUMERIC.exec(cell.trim());
    if (!m) continue;
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a > 12) dayFirst ??= cell.trim();
    else if (b > 12) monthFirst ??= cell.trim();
    else if (a !== b) ambiguous ??= cell.trim();
  }
  if (monthFirst && !dayFirst) return { order: 'month-first', warning: `numeric dates read month first (MM/dd/yyyy), as '${monthFirst}' shows` };
  if (monthFirst && dayFirst)
    return { order: 'day-first', warning: `numeric dates read day first (dd/MM/yyyy), as '${dayFirst}' shows; '${monthFirst}' and others like it can't be read that way` };
  if (ambiguous && !dayFirst)
    return { order: 'day-first', warning: `numeric dates such as '${ambiguous}' read day first (dd/MM/yyyy, Jira's pattern); no date in the file shows which comes first` };
  return { order: 'day-first' };
}

/** One comment of a `Comment` cell: `date;authorAccountId;body`. */
export interface JiraComment {
  readonly at: string;
  readonly author: string;
  readonly body: string;
}

/** Splits a Comment cell on its first two `;` only: the body may hold `;` and newlines. */
export function jiraComment(cell: string): JiraComment {
  const first = cell.indexOf(';');
  const second = first < 0 ? -1 : cell.indexOf(';', first + 1);
  if (second < 0) return { at: '', author: '', body: cell };
  return { at: cell.slice(0, first).trim(), author: cell.slice(first + 1, second).trim(), body: cell.slice(second + 1) };
}

/** One `Attachment` cell: `date;accountId;filename;url`. */
export function jiraAttachment(cell: string): { readonly file: string; readonly url: string } | undefined {
  const parts = cell.split(';');
  if (parts.length < 4) return undefined;
  return { file: parts[2]?.trim() ?? '', url: parts.slice(3).join(';').trim() };
}

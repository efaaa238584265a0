import { hour24, type LocalTime } from './zoned-time.ts';

/** One linked page of a Notion relation cell. */
export interface NotionLink {
  readonly title: string;
  /** The linked page's 32-hex ID, from its file name. */
  readonly id: string;
}

// docs/import-formats.md §1: titles may hold `, ` and `(`, paths encode spaces but not `,()&`;
// the target is a `.md` page (2024 exports) or a `.csv` row (the Aug-2025 sample). A link is
// `Title (path%20<hex>.md)`, links are joined by `, `. The cell is read left to right with indexOf
// and a sticky fixed-length end pattern, so the work is linear in the cell: the single regex this
// replaced, `(.+?) \(([^\n]*?%20…)\)(?:, |$)` under matchAll, was quadratic (one 256 KiB cell
// blocked the server 19.5 s; issue 11).
const LINK_END = /%20([0-9a-f]{32})\.(?:md|csv)\)(?=, |$)/g;
// A link with no title in front (older exports): `Folder%20<hex>/Title%20<hex>.md`.
const BARE_LINK = /^[^\s()]*%20([0-9a-f]{32})\.(?:md|csv)$/;
const ID_SUFFIX = / ([0-9a-f]{32})(?:_all)?\.(?:md|csv)$/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A page title as eos matches it: trimmed, in composed Unicode (`Poke%CC%81mon` is Pokémon). */
export function notionTitle(text: string): string {
  return text.normalize('NFC').trim();
}

/**
 * `Title (path%20<hex>.md), …` read in one pass: each title runs to its first ` (`, each path to
 * the first `%20<hex>.md)` that ends the cell or precedes `, `; neither holds a line break.
 */
function titledLinks(text: string): NotionLink[] | undefined {
  const links: NotionLink[] = [];
  // Neither titles nor paths cross a line break, so the first one ends the links (found once: linear).
  const newline = text.indexOf('\n');
  let start = 0;
  while (start < text.length) {
    const open = text.indexOf(' (', start + 1);
    if (open < 0) return undefined;
    LINK_END.lastIndex = open + 2;
    const end = LINK_END.exec(text);
    if (!end) return undefined;
    const after = end.index + end[0].length;
    if (newline >= 0 && newline < after) return undefined;
    links.push({ title: notionTitle(text.slice(start, open)), id: end[1] ?? '' });
    start = after === text.length ? after : after + 2;
  }
  return links.length > 0 ? links : undefined;
}

/**
 * The links of a relation cell, or undefined when the cell is not made of links only.
 *
 * @example notionLinks('Eirik Hoem (Team%20members/Eirik%20Hoem%202498779374c4803c9d99fd8fcd10f28a.csv)') // [{ title: 'Eirik Hoem', id: '2498779374c4803c9d99fd8fcd10f28a' }]
 */
export function notionLinks(cell: string): NotionLink[] | undefined {
  const text = cell.trim();
  if (text === '') return undefined;
  const links = titledLinks(text);
  if (links) return links;
  const bare = text.split(', ').map((part) => BARE_LINK.exec(part));
  if (bare.every((m) => m !== null)) {
    return bare.map((m) => {
      const file = decode(m[0].split('/').pop() ?? '');
      return { title: notionTitle(file.replace(ID_SUFFIX, '')), id: m[1] ?? '' };
    });
  }
  return undefined;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const NOTION_DATE = /^([A-Za-z]+) (\d{1,2}), (\d{4})(?: (\d{1,2}):(\d{2}) ?([AaPp][Mm]))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A Notion date or date-time (`November 2, 2024`, `August 8, 2025 9:14 AM`, or ISO), as a local
 * reading; undefined when it is neither.
 */
export function notionLocalTime(text: string): LocalTime | undefined {
  const s = text.trim();
  const m = NOTION_DATE.exec(s);
  if (m) {
    const month = MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1;
    if (month === 0 || Number(m[4] ?? 1) > 12 || Number(m[4] ?? 1) === 0) return undefined;
    const day = { year: Number(m[3]), month, day: Number(m[2]) };
    return m[4] === undefined ? day : { ...day, hour: hour24(Number(m[4]), m[6] ?? 'AM'), minute: Number(m[5]) };
  }
  const iso = ISO_DATE.exec(s);
  if (!iso) return undefined;
  const day = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  return iso[4] === undefined ? day : { ...day, hour: Number(iso[4]), minute: Number(iso[5]), second: Number(iso[6] ?? 0) };
}

/** The two ends of a date range `April 23, 2024 → May 22, 2024`, or undefined for a single date. */
export function notionRange(text: string): readonly [string, string] | undefined {
  const parts = text.split(' → ');
  return parts.length === 2 ? [parts[0]?.trim() ?? '', parts[1]?.trim() ?? ''] : undefined;
}

/** Whether a file name is a Notion database export: `Name <32hex>.csv` or `Name <32hex>_all.csv`. */
export function isNotionExportName(file: string): boolean {
  return / [0-9a-f]{32}(_all)?\.csv$/i.test(file);
}

/** What Notion makes of a title in a file name: `:` and other unsafe characters dropped, spaces collapsed. */
function fileTitle(title: string): string {
  return title
    .normalize('NFC')
    .replace(/[:/\\?*"<>|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The 32-hex page IDs of the row pages among `files`, by the title their file name carries; titles that two pages share are left out. */
export function notionPageIds(files: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const shared = new Set<string>();
  for (const file of files) {
    const name = file.split(/[\\/]/).pop() ?? '';
    const m = /^(.*) ([0-9a-f]{32})\.md$/.exec(name);
    if (!m) continue;
    const title = fileTitle(m[1] ?? '');
    if (ids.has(title) && ids.get(title) !== m[2]) shared.add(title);
    ids.set(title, m[2] ?? '');
  }
  for (const title of shared) ids.delete(title);
  return ids;
}

/**
 * The source ID of each row: its page's 32-hex ID when a row page beside the CSV names it,
 * else its title (`Title#2` for the second row with that title, so each row stays its own).
 */
export function notionRowIds(titles: readonly string[], files: readonly string[]): string[] {
  const pages = notionPageIds(files);
  const seen = new Map<string, number>();
  return titles.map((raw) => {
    const title = notionTitle(raw);
    const page = pages.get(fileTitle(title));
    if (page) return page;
    const n = (seen.get(title) ?? 0) + 1;
    seen.set(title, n);
    return n === 1 ? title : `${title}#${n}`;
  });
}

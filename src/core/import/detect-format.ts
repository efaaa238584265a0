import type { ImportFormatId } from './import-format.ts';
import { jiraHeader } from './jira-cells.ts';
import { isNotionExportName, notionLinks, notionLocalTime, notionRange } from './notion-cells.ts';

/** The format `auto` chose, and what in the file showed it. */
export interface DetectedFormat {
  readonly format: ImportFormatId;
  readonly reason: string;
}

export interface DetectInput {
  /** The file's name (its last path segment is what counts). */
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const NOTION_TIME = /^[A-Z][a-z]+ \d{1,2}, \d{4} \d{1,2}:\d{2} [AP]M$/;

function repeatedColumns(header: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const h of header) counts.set(h.trim(), (counts.get(h.trim()) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([name, n]) => `${n} repeated ${name} columns`);
}

function jiraSignature(header: readonly string[]): string[] | undefined {
  const named = (english: string) => {
    const h = header.find((c) => jiraHeader(c) === english);
    return h === undefined ? undefined : h.trim() === english ? english : `${h.trim()} (${english})`;
  };
  const found = [named('Issue key'), named('Summary')].filter((n): n is string => n !== undefined);
  const repeated = repeatedColumns(header);
  if (found.length === 2 || (found.length === 1 && repeated.length > 0)) return [...found, ...repeated];
  return undefined;
}

function linearSignature(header: readonly string[]): string[] | undefined {
  const names = ['ID', 'Team', 'Title', 'Created', 'Updated'];
  const lower = new Set(header.map((h) => h.trim().toLowerCase()));
  return names.every((n) => lower.has(n.toLowerCase())) ? names : undefined;
}

function isNotionRange(cell: string): boolean {
  const range = notionRange(cell);
  return range !== undefined && notionLocalTime(range[0]) !== undefined && notionLocalTime(range[1]) !== undefined;
}

// Enough rows to see a column's kind of cell; a large file is not read twice over.
const SAMPLE_ROWS = 200;

function notionCells(input: DetectInput): string | undefined {
  const rows = input.rows.slice(0, SAMPLE_ROWS);
  for (const [i, column] of input.header.entries()) {
    const cells = rows.map((r) => r[i]?.trim() ?? '').filter((c) => c !== '');
    if (cells.some((c) => notionLinks(c))) return `Notion page links in column '${column.trim()}'`;
    if (cells.some(isNotionRange)) return `Notion date ranges (A → B) in column '${column.trim()}'`;
    if (cells.some((c) => NOTION_TIME.test(c))) return `Notion date-times (August 8, 2025 9:14 AM) in column '${column.trim()}'`;
  }
  return undefined;
}

/**
 * Which export a CSV is: a Notion file name (`Name <32hex>.csv`, `…_all.csv`), Linear's header
 * (ID, Team, Title, Created, Updated), Jira's (Summary and Issue key, in English or Spanish,
 * or one of them beside repeated columns), Notion's cells (page links, `A → B` ranges,
 * `August 8, 2025 9:14 AM`, in the first 200 rows), else plain.
 *
 * @example detectFormat({ file: 'Jira.csv', header: ['Summary', 'Issue key', 'Labels', 'Labels'], rows: [] }).reason // 'detected: Issue key, Summary, 2 repeated Labels columns'
 */
export function detectFormat(input: DetectInput): DetectedFormat {
  const name = input.file.split(/[\\/]/).pop() ?? input.file;
  if (isNotionExportName(name)) return { format: 'notion', reason: `detected: the file name ends in a Notion page ID (${name})` };
  const linear = linearSignature(input.header);
  if (linear) return { format: 'linear', reason: `detected: ${linear.join(', ')} (Linear's columns)` };
  const jira = jiraSignature(input.header);
  if (jira) return { format: 'jira', reason: `detected: ${jira.join(', ')}` };
  const notion = notionCells(input);
  if (notion) return { format: 'notion', reason: `detected: ${notion}` };
  return { format: 'plain', reason: 'no Notion, Linear or Jira signature in the file name, header or cells' };
}

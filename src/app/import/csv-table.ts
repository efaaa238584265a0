import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { type Options, parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { invalidInput } from '../../core/errors.ts';
import { decodeCsvBytes } from './csv-encoding.ts';

/** A CSV file as rows of cells under a header that may repeat names (Jira does). */
export interface CsvTable {
  readonly header: readonly string[];
  /** Data rows; `row` is the spreadsheet row number (the header is row 1). */
  readonly rows: readonly { readonly row: number; readonly cells: readonly string[] }[];
  /** What was repaired or can't be kept (link residue unwrapped, cells past the header). */
  readonly warnings: readonly string[];
}

// Notion auto-links text and exports it as Markdown: `[x](x)` or `[x](http://x)`, sometimes
// spanning several cells of a starter pasted from Notion. `x` holds no `[`, so each attempt stops at
// the next one: linear in the text (with `[^\]\n]*` a line of `[[[[…` was quadratic).
const LINK_RESIDUE = /\[([^[\]\n]*)\]\((?:https?:\/\/)?\1\)/g;

/** Unwraps `[x](x)` link residue back to `x`, and says on which lines it did. */
export function unwrapLinkResidue(text: string): { text: string; lines: number[] } {
  const lines = new Set<number>();
  // Line numbers counted forward from the last match, not from the start each time (that was quadratic).
  let line = 1;
  let counted = 0;
  const out = text.replace(LINK_RESIDUE, (_match, inner: string, offset: number) => {
    for (let i = text.indexOf('\n', counted); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    counted = offset;
    lines.add(line);
    return inner;
  });
  return { text: out, lines: [...lines].sort((a, b) => a - b) };
}

/**
 * Decodes a CSV file as decodeCsvBytes does (UTF-8, a BOM, or a file wholly windows-1252), throwing
 * invalid_input on a stray byte; for callers that don't report the detection warning.
 */
export function decodeCsv(bytes: Uint8Array, file = 'the file'): string {
  return decodeCsvBytes(bytes, { file }).text;
}

const PARSE_OPTIONS: Options = { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] };

function residueWarnings(lines: readonly number[], file: string): string[] {
  return lines.length > 0 ? [`${file}: unwrapped Markdown link residue [x](x) on line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}`] : [];
}

function notCsv(error: unknown, file: string): Error {
  return invalidInput(`${file}: not readable as CSV: ${(error as Error).message}`, { file });
}

/** The parsed records as a table: the header, the non-empty data rows, and warnings for cells past the header. */
function tableOf(records: readonly string[][], warnings: string[], file: string): CsvTable {
  const [header, ...data] = records;
  if (!header || header.every((h) => h.trim() === '')) throw invalidInput(`${file}: the file is empty or has no header row`, { file });
  const rows = data.map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  for (const { row, cells } of rows) {
    const extra = cells.slice(header.length).filter((c) => c.trim() !== '');
    if (extra.length > 0)
      warnings.push(`${file}: row ${row} has ${cells.length} cells but the header has ${header.length}; ignored: ${extra.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  return { header: header.map((h) => h.replace(/^\ufeff/, '')), rows, warnings };
}

/**
 * Parses CSV text with a real RFC-4180 parser: quoted cells with commas, quotes and newlines;
 * CRLF, LF or a mix; a BOM; ragged rows.
 */
export function parseCsv(raw: string, file: string): CsvTable {
  const { text, lines } = unwrapLinkResidue(raw);
  let records: string[][];
  try {
    records = parse(text, PARSE_OPTIONS) as string[][];
  } catch (error) {
    throw notCsv(error, file);
  }
  return tableOf(records, residueWarnings(lines, file), file);
}

/** How many characters the streaming parser takes before it lets other requests in. */
export const PARSE_CHUNK_CHARS = 64 * 1024;

/**
 * parseCsv for a server: the same parser fed in chunks, yielding to the event loop between them,
 * so a large import doesn't hold every other request while it is parsed (issue 11, point 4).
 */
export async function parseCsvInSlices(raw: string, file: string, chunkChars = PARSE_CHUNK_CHARS): Promise<CsvTable> {
  const { text, lines } = unwrapLinkResidue(raw);
  const parser = parseStream(PARSE_OPTIONS);
  const records: string[][] = [];
  let failure: unknown;
  parser.on('readable', () => {
    for (let record = parser.read(); record !== null; record = parser.read()) records.push(record as string[]);
  });
  parser.on('error', (error) => {
    failure ??= error;
  });
  const ended = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', () => resolve());
  });
  for (let at = 0; at < text.length && failure === undefined; ) {
    let end = Math.min(text.length, at + chunkChars);
    // Never split a surrogate pair between two chunks.
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < text.length) end++;
    parser.write(text.slice(at, end));
    at = end;
    await yieldToEventLoop();
  }
  parser.end();
  await ended;
  if (failure !== undefined) throw notCsv(failure, file);
  return tableOf(records, residueWarnings(lines, file), file);
}

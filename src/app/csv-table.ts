import { parse } from 'csv-parse/sync';
import { invalidInput } from '../core/errors.ts';

/** A CSV file as rows of cells under a header that may repeat names (Jira does). */
export interface CsvTable {
  readonly header: readonly string[];
  /** Data rows; `row` is the spreadsheet row number (the header is row 1). */
  readonly rows: readonly { readonly row: number; readonly cells: readonly string[] }[];
}

/** Decodes UTF-8 (with or without a BOM), falling back to windows-1252 for Excel-resaved files. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * Parses CSV text with a real RFC-4180 parser: quoted cells with commas, quotes and newlines;
 * CRLF, LF or a mix; a BOM; ragged rows.
 */
export function parseCsv(text: string, file: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  } catch (error) {
    throw invalidInput(`${file}: not readable as CSV: ${(error as Error).message}`, { file });
  }
  const [header, ...data] = records;
  if (!header || header.every((h) => h.trim() === '')) throw invalidInput(`${file}: the file is empty or has no header row`, { file });
  return {
    header: header.map((h) => h.replace(/^\ufeff/, '')),
    rows: data.map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== '')),
  };
}

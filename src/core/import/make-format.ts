import { type ImportFormat, type ImportFormatId, PLAIN_FORMAT } from './import-format.ts';
import { jiraDayOrder } from './jira-cells.ts';
import { jiraFormat } from './jira-format.ts';
import { linearFormat } from './linear-format.ts';
import { notionFormat } from './notion-format.ts';

export interface MakeFormatOptions {
  /** The IANA zone the export's dates were written in (they carry none). */
  readonly timeZone: string;
  /** Every cell of the file, so Jira can tell its day order from all its dates (read only for Jira). */
  readonly cells: () => Iterable<string>;
  /** Files beside the CSV, so Notion can find its row pages' IDs. */
  readonly files?: readonly string[];
}

/** Each cell, and the date a Comment cell starts with (`16/02/2017 15:26;…`). */
function* withCommentDates(cells: Iterable<string>): Generator<string> {
  for (const cell of cells) {
    yield cell;
    const semicolon = cell.indexOf(';');
    if (semicolon > 0) yield cell.slice(0, semicolon);
  }
}

/** The rules of one source, set up for one file. */
export function makeFormat(id: ImportFormatId, options: MakeFormatOptions): ImportFormat {
  switch (id) {
    case 'plain':
      return PLAIN_FORMAT;
    case 'notion':
      return notionFormat({ timeZone: options.timeZone, ...(options.files ? { files: options.files } : {}) });
    case 'linear':
      return linearFormat({ timeZone: options.timeZone });
    case 'jira':
      return jiraFormat({ timeZone: options.timeZone, dayOrder: jiraDayOrder(withCommentDates(options.cells())) });
  }
}

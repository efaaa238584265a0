import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.ts';

const NO_ROWS: string[][] = [];

describe('detectFormat', () => {
  it('knows Linear by its columns, in any case', () => {
    const header = ['ID', 'Team', 'Title', 'Description', 'Status', 'Created', 'Updated'];
    expect(detectFormat({ file: 'export.csv', header, rows: NO_ROWS })).toEqual({ format: 'linear', reason: "detected: ID, Team, Title, Created, Updated (Linear's columns)" });
    expect(detectFormat({ file: 'e.csv', header: header.map((h) => h.toLowerCase()), rows: NO_ROWS }).format).toBe('linear');
  });

  it('knows Jira by Summary and Issue key, in English or Spanish, and names its repeated columns', () => {
    const header = ['Summary', 'Issue key', 'Labels', 'Labels', 'Labels', 'Labels', 'Labels', 'Comment', 'Comment'];
    expect(detectFormat({ file: 'Jira.csv', header, rows: NO_ROWS })).toEqual({
      format: 'jira',
      reason: 'detected: Issue key, Summary, 5 repeated Labels columns, 2 repeated Comment columns',
    });
    expect(detectFormat({ file: 'Jira.csv', header: ['Resumen', 'Clave de incidencia', 'Etiquetas'], rows: NO_ROWS })).toEqual({
      format: 'jira',
      reason: 'detected: Clave de incidencia (Issue key), Resumen (Summary)',
    });
    expect(detectFormat({ file: 'j.csv', header: ['Summary', 'Watchers', 'Watchers'], rows: NO_ROWS }).format).toBe('jira');
    expect(detectFormat({ file: 'j.csv', header: ['Summary', 'Points'], rows: NO_ROWS }).format).toBe('plain');
  });

  it('knows Notion by its file name, or by its links, ranges and date-times', () => {
    expect(detectFormat({ file: 'x/Tasks [PARA] 249c7e7ecbd281be874af38d9ced3f5b.csv', header: ['Name'], rows: NO_ROWS })).toEqual({
      format: 'notion',
      reason: 'detected: the file name ends in a Notion page ID (Tasks [PARA] 249c7e7ecbd281be874af38d9ced3f5b.csv)',
    });
    const link = [['1', 'Poke%CC%81mon%2009e769e665d64248ab2ebe1484a45fb5/Ivysaur%20708d793d801b42f38047a1f8b1da09d6.md']];
    expect(detectFormat({ file: 'nodeRef.csv', header: ['Number', 'Link'], rows: link })).toEqual({ format: 'notion', reason: "detected: Notion page links in column 'Link'" });
    expect(detectFormat({ file: 'r.csv', header: ['Name', 'Date'], rows: [['a', 'June 1, 2025 → August 7, 2025']] }).reason).toBe(
      "detected: Notion date ranges (A → B) in column 'Date'",
    );
    expect(detectFormat({ file: 'r.csv', header: ['Name', 'Created'], rows: [['a', 'August 8, 2025 9:13 AM']] }).reason).toBe(
      "detected: Notion date-times (August 8, 2025 9:14 AM) in column 'Created'",
    );
  });

  it('calls anything else plain, even with plain dates and repeated columns', () => {
    expect(detectFormat({ file: 'good.csv', header: ['Title', 'Due', 'A', 'A'], rows: [['x', 'May 5, 2026', '1', '2']] })).toEqual({
      format: 'plain',
      reason: 'no Notion, Linear or Jira signature in the file name, header or cells',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { convertCell } from './convert-cell.ts';
import { PLAIN_FORMAT } from './import-format.ts';
import { jiraFormat } from './jira-format.ts';
import { linearFormat } from './linear-format.ts';
import { notionFormat } from './notion-format.ts';
import { sourceTable } from './source-table.ts';

const jira = jiraFormat({ timeZone: 'Europe/Madrid', dayOrder: { order: 'day-first' } });

describe('convertCell', () => {
  it('gives a list field every item of every copy of a repeated column', () => {
    expect(convertCell({ format: jira, column: 'Labels', values: ['backend', '', 'urgent', 'ui', ''], type: 'multi_select' })).toEqual({
      ok: true,
      value: ['backend', 'urgent', 'ui'],
    });
    expect(convertCell({ format: PLAIN_FORMAT, column: 'Tags', values: ['a; b', 'c'], type: 'multi_select' })).toEqual({ ok: true, value: ['a', 'b', 'c'] });
  });

  it('gives a date field ISO-8601 in the file zone, or the reason it cannot', () => {
    expect(convertCell({ format: jira, column: 'Created', values: ['22/Sep/25 9:26 AM'], type: 'datetime' })).toEqual({ ok: true, value: '2025-09-22T09:26:00+02:00' });
    expect(convertCell({ format: jira, column: 'Created', values: ['soon'], type: 'date' })).toEqual({
      ok: false,
      value: 'soon',
      reason: "'soon' is not a date as Jira writes one (dd/MMM/yy h:mm a, or dd/MM/yyyy HH:mm)",
    });
    expect(convertCell({ format: jira, column: 'Resolved', values: [''], type: 'datetime' })).toEqual({ ok: true, value: '' });
  });

  it('maps source values with --value before reading them', () => {
    const valueMap = new Map([['todo', 'Ready']]);
    expect(convertCell({ format: PLAIN_FORMAT, column: 'Status', values: ['Todo'], type: 'status', valueMap })).toEqual({ ok: true, value: 'Ready' });
    expect(convertCell({ format: PLAIN_FORMAT, column: 'Labels', values: ['todo, x'], type: 'multi_select', valueMap })).toEqual({ ok: true, value: ['Ready', 'x'] });
  });

  it('takes the first of disagreeing copies for a one-value field, and says so', () => {
    expect(convertCell({ format: jira, column: 'Sprint', values: ['TES Sprint 1', 'TES Sprint 2'], type: 'select' })).toEqual({
      ok: true,
      value: 'TES Sprint 1',
      warning: "column 'Sprint' holds 2 values (TES Sprint 1, TES Sprint 2) for one field; the first is used",
    });
  });

  it("numbers Linear's priorities for a number field and keeps a text cell as written", () => {
    const linear = linearFormat({ timeZone: 'UTC' });
    expect(convertCell({ format: linear, column: 'Priority', values: ['Urgent'], type: 'number' })).toEqual({ ok: true, value: '1' });
    expect(convertCell({ format: linear, column: 'Description', values: ['  two  spaces '], type: 'text' })).toEqual({ ok: true, value: '  two  spaces ' });
  });
});

describe('sourceTable', () => {
  it('groups repeated headers into one column and cleans every cell by the format', () => {
    const table = sourceTable(['Title', 'Labels', 'Labels'], [{ row: 2, cells: ["'=1+1", "'@ana", 'b'] }], linearFormat({ timeZone: 'UTC' }));
    expect(table.columns).toEqual([
      { name: 'Title', names: ['Title'], indices: [0] },
      { name: 'Labels', names: ['Labels'], indices: [1, 2] },
    ]);
    expect(table.rows).toEqual([{ row: 2, raw: ["'=1+1", "'@ana", 'b'], values: [['=1+1'], ['@ana', 'b']] }]);
  });

  it("adds a Column.end column for a Notion range column, matched by Column.end, 'Column End' or 'End Column'", () => {
    const rows = [
      { row: 2, cells: ['a', 'June 1, 2025 → August 7, 2025'] },
      { row: 3, cells: ['b', 'June 2, 2025'] },
    ];
    const table = sourceTable(['Name', 'Date'], rows, notionFormat({ timeZone: 'UTC' }));
    expect(table.columns[2]).toEqual({ name: 'Date.end', names: ['Date.end', 'Date end', 'end Date', 'Date (end)'], indices: [1], rangeEndOf: 'Date' });
    expect(table.rows.map((r) => r.values)).toEqual([
      [['a'], ['June 1, 2025 → August 7, 2025'], ['August 7, 2025']],
      [['b'], ['June 2, 2025'], ['']],
    ]);
  });
});

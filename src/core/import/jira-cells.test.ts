import { describe, expect, it } from 'vitest';
import { jiraAttachment, jiraComment, jiraDayOrder, jiraHeader, jiraLocalTime } from './jira-cells.ts';
import { jiraFormat } from './jira-format.ts';

describe('Jira headers', () => {
  it('reads Spanish headers as English ones, custom fields included', () => {
    expect(['Resumen', 'Clave de incidencia', 'Etiquetas', 'Creada', 'Resuelta', 'Persona asignada', 'Estado '].map(jiraHeader)).toEqual([
      'Summary',
      'Issue key',
      'Labels',
      'Created',
      'Resolved',
      'Assignee',
      'Status',
    ]);
    expect(jiraHeader('Campo personalizado (Story Points)')).toBe('Custom field (Story Points)');
    expect(jiraHeader('Watchers Id')).toBe('Watchers Id');
  });
});

describe('Jira dates', () => {
  it('reads the Cloud default, Spanish months, 24-hour numeric dates and dates alone', () => {
    expect(jiraLocalTime('22/Sep/25 9:26 AM', 'day-first')).toEqual({ year: 2025, month: 9, day: 22, hour: 9, minute: 26, second: 0 });
    expect(jiraLocalTime('10/nov/25 4:51 PM', 'day-first')).toEqual({ year: 2025, month: 11, day: 10, hour: 16, minute: 51, second: 0 });
    expect(jiraLocalTime('10/dic/25 12:05 a. m.', 'day-first')).toEqual({ year: 2025, month: 12, day: 10, hour: 0, minute: 5, second: 0 });
    expect(jiraLocalTime('16/02/2017 15:26', 'day-first')).toEqual({ year: 2017, month: 2, day: 16, hour: 15, minute: 26, second: 0 });
    expect(jiraLocalTime('02/16/2017 15:26', 'month-first')).toEqual({ year: 2017, month: 2, day: 16, hour: 15, minute: 26, second: 0 });
    expect(jiraLocalTime('22/Sep/25', 'day-first')).toEqual({ year: 2025, month: 9, day: 22 });
    expect(jiraLocalTime('22/Sepp/25', 'day-first')).toBeUndefined();
  });

  it("finds a file's day order from the dates that show it, and says when none does", () => {
    expect(jiraDayOrder(['16/02/2017 15:26', '11/01/2023 15:22'])).toEqual({ order: 'day-first' });
    expect(jiraDayOrder(['02/16/2017 15:26', '11/01/2023'])).toEqual({ order: 'month-first', warning: "numeric dates read month first (MM/dd/yyyy), as '02/16/2017 15:26' shows" });
    expect(jiraDayOrder(['11/01/2023 15:22', '22/Sep/25 9:26 AM'])).toEqual({
      order: 'day-first',
      warning: "numeric dates such as '11/01/2023 15:22' read day first (dd/MM/yyyy, Jira's pattern); no date in the file shows which comes first",
    });
    expect(jiraDayOrder(['22/Sep/25 9:26 AM', '01/01/2025'])).toEqual({ order: 'day-first' });
  });

  it('reports a numeric date that the file order cannot read', () => {
    const format = jiraFormat({ timeZone: 'UTC', dayOrder: jiraDayOrder(['16/02/2017 15:26', '02/16/2017 15:26']) });
    expect(format.warnings).toEqual(["numeric dates read day first (dd/MM/yyyy), as '16/02/2017 15:26' shows; '02/16/2017 15:26' and others like it can't be read that way"]);
    expect(format.when('16/02/2017 15:26')).toEqual({ ok: true, iso: '2017-02-16T15:26:00+00:00' });
    expect(format.when('02/16/2017 15:26')).toEqual({ ok: false, reason: "'02/16/2017 15:26' is not a date read as dd/MM/yyyy, the order of this file's other dates" });
    expect(format.when('yesterday')).toEqual({ ok: false, reason: "'yesterday' is not a date as Jira writes one (dd/MMM/yy h:mm a, or dd/MM/yyyy HH:mm)" });
  });
});

describe('Jira compound cells', () => {
  it('splits a comment on its first two semicolons only', () => {
    expect(jiraComment('05/Sep/25 7:24 AM;5fe07a7dd3649601392ba191;Done; see the diagram\nnext line')).toEqual({
      at: '05/Sep/25 7:24 AM',
      author: '5fe07a7dd3649601392ba191',
      body: 'Done; see the diagram\nnext line',
    });
    expect(jiraComment('16/Feb/17 3:29 PM;;no author')).toEqual({ at: '16/Feb/17 3:29 PM', author: '', body: 'no author' });
    expect(jiraComment('just text')).toEqual({ at: '', author: '', body: 'just text' });
  });

  it('reads an attachment as its file and URL', () => {
    expect(jiraAttachment('22/Sep/25 9:26 AM;5db9d8eb;diagram.png;https://x.atlassian.net/rest/api/3/attachment/content/10001')).toEqual({
      file: 'diagram.png',
      url: 'https://x.atlassian.net/rest/api/3/attachment/content/10001',
    });
  });

  it('writes comments into a text field as time, author and body, in the file zone', () => {
    const format = jiraFormat({ timeZone: 'UTC', dayOrder: { order: 'day-first' } });
    expect(format.text('Comment', ['05/Sep/25 7:24 AM;5fe07a7d;first', '12/Sep/25 9:05 AM;712020:b08;second; with a semicolon'])).toBe(
      '2025-09-05 07:24 5fe07a7d: first\n\n2025-09-12 09:05 712020:b08: second; with a semicolon',
    );
    expect(format.text('Comentario', ['05/Sep/25 7:24 AM;;sin autor'])).toBe('2025-09-05 07:24: sin autor');
    expect(format.items('Attachment', '22/Sep/25 9:26 AM;5db9;a.png;https://x.test/a.png')).toEqual(['https://x.test/a.png']);
  });
});

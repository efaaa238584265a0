import { describe, expect, it } from 'vitest';
import { linearFormat, linearTime, unescapeLinear } from './linear-format.ts';

describe('Linear dates', () => {
  it('reads Date.toString() with its own offset, whatever --timezone says', () => {
    expect(linearTime('Tue Aug 23 2022 13:54:01 GMT+0000 (GMT)', 'Europe/Madrid')).toEqual({ ok: true, iso: '2022-08-23T13:54:01+00:00' });
    expect(linearTime('Mon Mar 20 2023 04:00:00 GMT-0500 (Eastern Standard Time)', 'UTC')).toEqual({ ok: true, iso: '2023-03-20T04:00:00-05:00' });
  });

  it('reads ISO-8601, in --timezone only when it has no offset', () => {
    expect(linearTime('2024-05-14T08:53:33Z', 'Europe/Madrid')).toEqual({ ok: true, iso: '2024-05-14T08:53:33Z' });
    expect(linearTime('2024-05-14T08:53:33.120+0200', 'UTC')).toEqual({ ok: true, iso: '2024-05-14T08:53:33.120+02:00' });
    expect(linearTime('2024-05-14 08:53', 'Europe/Madrid')).toEqual({ ok: true, iso: '2024-05-14T08:53:00+02:00' });
    expect(linearTime('2023-02-28', 'UTC')).toEqual({ ok: true, iso: '2023-02-28' });
  });

  it('says what it reads when a cell is neither', () => {
    expect(linearTime('Tue Feb 30 2023 00:00:00 GMT+0000 (GMT)', 'UTC')).toEqual({
      ok: false,
      reason: "'Tue Feb 30 2023 00:00:00 GMT+0000 (GMT)' is not a date as Linear writes one (Tue Aug 23 2022 13:54:01 GMT+0000 (GMT), or ISO-8601)",
    });
  });
});

describe('Linear cells', () => {
  it("strips the ' that keeps spreadsheets from reading + - = @ as a formula, and nothing else", () => {
    expect(["'=SUM(A1)", "'+1 for this", "'@ana", "'-", "'quoted'", "it's"].map(unescapeLinear)).toEqual(['=SUM(A1)', '+1 for this', '@ana', '-', "'quoted'", "it's"]);
  });

  it('numbers priorities 0-4 for a number field, splits labels on ", ", and leaves archived rows out', () => {
    const format = linearFormat({ timeZone: 'UTC' });
    expect(['No priority', 'Urgent', 'High', 'Medium', 'Low', '7'].map((p) => format.number?.('Priority', p))).toEqual(['0', '1', '2', '3', '4', '7']);
    expect(format.number?.('Estimate', 'High')).toBe('High');
    expect(format.items('Roadmaps', 'RavenClaw Milestone, NextBird')).toEqual(['RavenClaw Milestone', 'NextBird']);
    const archived = { Archived: 'Sat Feb 11 2023 01:51:27 GMT+0000 (GMT)' };
    expect(format.excluded?.((c) => archived[c as keyof typeof archived] ?? '')).toBe("archived in Linear (Linear's own importer skips those too)");
    expect(format.excluded?.(() => '')).toBeUndefined();
  });
});

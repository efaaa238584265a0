import { describe, expect, it } from 'vitest';
import type { FieldDef } from '../pack/pack-schema.ts';
import { parseFieldValue } from './parse-field-value.ts';

const f = (type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ name: 'F', type, ...extra });

describe('parseFieldValue', () => {
  it.each([
    [f('number'), '3', 3],
    [f('number'), '-1.5e2', -150],
    [f('currency'), '$1,200.50', 1200.5],
    [f('currency'), '€ 99', 99],
    [f('percent'), '45%', 0.45],
    [f('percent'), '0.45', 0.45],
    [f('date'), '2026-05-05', '2026-05-05'],
    [f('date'), 'May 5, 2025', '2025-05-05'],
    [f('date'), '5 Sep 2025', '2025-09-05'],
    [f('datetime'), '2026-01-10T09:00:00+02:00', '2026-01-10T07:00:00.000Z'],
    [f('datetime'), '2026-01-10 09:00', '2026-01-10T09:00:00.000Z'],
    [f('checkbox'), 'Yes', true],
    [f('checkbox'), 'no', false],
    [f('checkbox'), '', false],
    [f('select', { options: ['Low', 'High'] }), 'high', 'High'],
    [f('select', { options: ['Low', 'Medium'], aliases: { Med: 'Medium' } }), 'med', 'Medium'],
    [f('multi_select', { options: ['Email', 'README/Docs'], aliases: { Docs: 'README/Docs' } }), 'Email;Docs', ['Email', 'README/Docs']],
    [f('multi_select', { options: ['A', 'B'] }), 'a; B', ['A', 'B']],
    [f('url'), 'https://x.test/a', 'https://x.test/a'],
    [f('email'), 'ana@x.test', 'ana@x.test'],
    [f('relation', { to: 'x' }), 'R-F-002; ICD:Primary Bus', ['R-F-002', 'ICD:Primary Bus']],
    [f('text'), '  keeps  spaces ', '  keeps  spaces '],
    [f('number'), '', null],
  ])('%j reads %j as %j', (field, raw, value) => {
    expect(parseFieldValue(field, raw)).toEqual({ ok: true, value });
  });

  it.each([
    [f('number'), 'abc', "'abc' is not a number"],
    [f('date'), '2026-02-30', "'2026-02-30' is not a date (write YYYY-MM-DD)"],
    [f('checkbox'), 'maybe', "'maybe' is not a checkbox value (write true or false)"],
    [f('select', { options: ['Low'] }), 'Mid', "'Mid' is not an option of F (Low)"],
    [f('multi_select', { options: ['A'] }), 'A;Z', "'Z' not among the options of F (A)"],
    [f('url'), 'example.com', "'example.com' is not a URL (it needs a scheme, e.g. https://)"],
    [f('formula', { expr: '1' }), '3', "F is computed (formula); it can't be set"],
  ])('%j refuses %j: %s', (field, raw, reason) => {
    expect(parseFieldValue(field, raw)).toEqual({ ok: false, reason });
  });

  it('splits lists on commas only when asked (CSV), always on semicolons', () => {
    const tags = f('people');
    expect(parseFieldValue(tags, 'ana, bo')).toEqual({ ok: true, value: ['ana, bo'] });
    expect(parseFieldValue(tags, 'ana, bo', { commaLists: true })).toEqual({ ok: true, value: ['ana', 'bo'] });
    expect(parseFieldValue(tags, 'a, b; c', { commaLists: true })).toEqual({ ok: true, value: ['a, b', 'c'] });
  });
});

describe('parseFieldValue: amounts beside notes and percentage points', () => {
  it.each([
    [f('currency', { note: 'N' }), '$12.40 (display)', 12.4],
    [f('currency', { note: 'N' }), '$3.10 (-25%)', 3.1],
    [f('number', { note: 'N' }), 'Fuse swap MTTR < 5 min', 5],
    [f('number', { note: 'N' }), '-2 (credit)', -2],
  ])('%o reads %s as %s and keeps the cell as the note', (field, raw, value) => {
    expect(parseFieldValue(field, raw)).toEqual({ ok: true, value, note: raw });
  });

  it('a plain amount in a field with a note has no note; a cell with no amount is refused', () => {
    expect(parseFieldValue(f('currency', { note: 'N' }), '$7')).toEqual({ ok: true, value: 7 });
    expect(parseFieldValue(f('currency', { note: 'N' }), 'display only')).toEqual({ ok: false, reason: "'display only' is not a number (no amount in it)" });
    expect(parseFieldValue(f('currency'), '$12.40 (display)')).toEqual({ ok: false, reason: "'$12.40 (display)' is not a number" });
  });

  it('a percent field with points reads a bare number as percentage points', () => {
    expect(parseFieldValue(f('percent', { points: true }), '90')).toEqual({ ok: true, value: 0.9 });
    expect(parseFieldValue(f('percent', { points: true }), '90%')).toEqual({ ok: true, value: 0.9 });
    expect(parseFieldValue(f('percent'), '90')).toEqual({ ok: true, value: 90 });
    expect(parseFieldValue(f('percent', { points: true }), 'most')).toEqual({ ok: false, reason: "'most' is not a percentage (write 45 or 45%)" });
  });
});

import type { FieldDef } from '../pack/pack-schema.ts';
import { parseDate, parseDateTime } from './parse-date.ts';

/** A stored field value: what `fields` in a record holds. */
export type FieldValue = string | number | boolean | readonly string[] | null;

export type ParseResult = { readonly ok: true; readonly value: FieldValue } | { readonly ok: false; readonly reason: string };

const ok = (value: FieldValue): ParseResult => ({ ok: true, value });
const fail = (reason: string): ParseResult => ({ ok: false, reason });

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'checked', '✓', '✔', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', 'unchecked', 'off', '']);

function parseNumber(text: string): number | undefined {
  const cleaned = text
    .replace(/[\s,]/g, '')
    .replace(/^[$€£¥]|[$€£¥]$/g, '')
    .replace(/^(USD|EUR|GBP)/i, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) return undefined;
  return Number(cleaned);
}

/** Splits a list cell: `a;b` always; `a, b` too when no `;` is present and commas are allowed. */
export function splitList(text: string, options: { commas: boolean }): string[] {
  const parts = text.includes(';') || !options.commas ? text.split(';') : text.split(',');
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function matchOption(field: FieldDef, value: string): string | undefined {
  if (!field.options) return value;
  const wanted = value.toLowerCase();
  const option = field.options.find((o) => o.toLowerCase() === wanted);
  if (option) return option;
  const alias = Object.entries(field.aliases ?? {}).find(([a]) => a.toLowerCase() === wanted);
  return alias?.[1];
}

export interface ParseFieldOptions {
  /** Whether `a, b` splits lists (CSV import) as well as `a;b` (always). */
  readonly commaLists?: boolean;
}

/**
 * Parses a value written as text (a CLI `--set` or a CSV cell) by the field's type.
 * An empty string clears the field.
 *
 * @example parseFieldValue({ name: 'Points', type: 'number' }, 'abc') // { ok: false, reason: "'abc' is not a number" }
 */
export function parseFieldValue(field: FieldDef, raw: string, options: ParseFieldOptions = {}): ParseResult {
  const text = raw.trim();
  if (field.type === 'formula' || field.type === 'rollup') return fail(`${field.name} is computed (${field.type}); it can't be set`);
  if (text.includes('\u0000')) return fail('contains a NUL character');
  if (text === '') return field.type === 'checkbox' ? ok(false) : ok(null);
  switch (field.type) {
    case 'title':
    case 'text':
    case 'person':
      return ok(field.type === 'text' ? raw : text);
    case 'number':
    case 'currency': {
      const n = parseNumber(text);
      return n === undefined ? fail(`'${text}' is not a number`) : ok(n);
    }
    case 'percent': {
      const n = parseNumber(text.replace(/%$/, ''));
      if (n === undefined) return fail(`'${text}' is not a percentage (write 45% or 0.45)`);
      return ok(text.endsWith('%') ? n / 100 : n);
    }
    case 'date': {
      const d = parseDate(text);
      return d ? ok(d) : fail(`'${text}' is not a date (write YYYY-MM-DD)`);
    }
    case 'datetime': {
      const d = parseDateTime(text);
      return d ? ok(d) : fail(`'${text}' is not a date-time (write ISO-8601, e.g. 2026-01-10T09:00:00Z)`);
    }
    case 'checkbox': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return ok(true);
      if (FALSE.has(lower)) return ok(false);
      return fail(`'${text}' is not a checkbox value (write true or false)`);
    }
    case 'select': {
      const option = matchOption(field, text);
      return option ? ok(option) : fail(`'${text}' is not an option of ${field.name} (${field.options?.join(', ')})`);
    }
    case 'multi_select': {
      const values = splitList(text, { commas: options.commaLists ?? false });
      const bad = values.filter((v) => !matchOption(field, v));
      if (bad.length > 0) return fail(`${bad.map((b) => `'${b}'`).join(', ')} not among the options of ${field.name} (${field.options?.join(', ')})`);
      return ok(values.map((v) => matchOption(field, v) ?? v));
    }
    case 'url':
      return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text) ? ok(text) : fail(`'${text}' is not a URL (it needs a scheme, e.g. https://)`);
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? ok(text) : fail(`'${text}' is not an e-mail address`);
    case 'people':
    case 'files':
    case 'relation':
      return ok(splitList(text, { commas: options.commaLists ?? false }));
  }
}

import type { FieldDef } from '../pack/pack-schema.ts';
import { parseDate, parseDateTime } from './parse-date.ts';
import type { SignoffValue } from './signoff.ts';

/** A stored field value: what `fields` in a record holds (a `signoff` field holds a signature). */
export type FieldValue = string | number | boolean | readonly string[] | SignoffValue | null;

export type ParseResult =
  | { readonly ok: true; readonly value: FieldValue /** Set when the amount was taken from a cell with a note (`$12.40 (display)`). */; readonly note?: string }
  | { readonly ok: false; readonly reason: string };

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

/**
 * The first amount in a cell that also holds a note: `$12.40 (display)` → 12.4,
 * `Fuse swap MTTR < 5 min` → 5, `$3.10 (-25%)` → 3.1. Undefined when there is no number.
 */
function leadingAmount(text: string): number | undefined {
  const match = /[+-]?[$€£¥]?\s?(\d[\d,]*(\.\d+)?|\.\d+)/.exec(text);
  return match ? parseNumber(match[0].replace(/^([+-]?)[$€£¥]\s?/, '$1')) : undefined;
}

/** A number, currency or percent: strictly, or, for a field with a `note`, the first amount of the cell. */
function parseAmount(field: FieldDef, text: string, strict: number | undefined, scale: (n: number) => number, reason: string): ParseResult {
  if (strict !== undefined) return ok(scale(strict));
  const amount = field.note ? leadingAmount(text) : undefined;
  return amount === undefined ? fail(reason) : { ok: true, value: scale(amount), note: text };
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

/** A multi-select's values as its options, or which of them are none. */
function parseOptions(field: FieldDef, values: readonly string[]): ParseResult {
  const bad = values.filter((v) => !matchOption(field, v));
  if (bad.length > 0) return fail(`${bad.map((b) => `'${b}'`).join(', ')} not among the options of ${field.name} (${field.options?.join(', ')})`);
  return ok(values.map((v) => matchOption(field, v) ?? v));
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
  if (field.type === 'signoff') return fail(signoffRefusal(field));
  if (text.includes('\u0000')) return fail('contains a NUL character');
  if (text === '') return field.type === 'checkbox' ? ok(false) : ok(null);
  switch (field.type) {
    case 'title':
    case 'text':
    case 'person':
      return ok(field.type === 'text' ? raw : text);
    case 'number':
    case 'currency':
      return parseAmount(field, text, parseNumber(text), (n) => n, `'${text}' is not a number${field.note ? ' (no amount in it)' : ''}`);
    case 'percent': {
      // `45%` is 0.45; a bare number is a fraction (0.45), or percentage points where the field says `points`.
      const bare = !text.endsWith('%');
      const scale = (n: number) => (bare && !field.points ? n : n / 100);
      return parseAmount(field, text, parseNumber(text.replace(/%$/, '')), scale, `'${text}' is not a percentage (write ${field.points ? '45 or 45%' : '45% or 0.45'})`);
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
    case 'multi_select':
      return parseOptions(field, splitList(text, { commas: options.commaLists ?? false }));
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

/** Why a sign-off can't be written as a value (ADR 044), and how to sign it instead. */
export function signoffRefusal(field: FieldDef): string {
  return `${field.name} is a sign-off: it can't be set or cleared as a value, only signed by its role (eos record sign <key> '${field.name}' --verdict go|no_go, POST /api/v1/records/{key}/signoffs, or Sign on the record page)`;
}

const LIST_FIELDS: ReadonlySet<FieldDef['type']> = new Set(['multi_select', 'people', 'files', 'relation']);

/**
 * Parses a list already split into items (an import format splits cells its own way), so an
 * item may hold `,` or `;`. A field that holds one value reads the items joined by `, `.
 *
 * @example parseFieldItems({ name: 'Notes', type: 'relation', to: 'notes' }, ['Capture Anything, Fast']) // { ok: true, value: ['Capture Anything, Fast'] }
 */
export function parseFieldItems(field: FieldDef, items: readonly string[]): ParseResult {
  if (!LIST_FIELDS.has(field.type)) return parseFieldValue(field, items.join(', '));
  const values = items.map((i) => i.trim()).filter((i) => i !== '');
  if (values.some((v) => v.includes('\u0000'))) return fail('contains a NUL character');
  if (values.length === 0) return ok(null);
  return field.type === 'multi_select' ? parseOptions(field, values) : ok(values);
}

import type { DateReading, ImportFormat } from './import-format.ts';
import { isRealTime, offsetText, zonedIso } from './zoned-time.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// JavaScript's Date.toString(), as the 2023 export writes it: `Tue Aug 23 2022 13:54:01 GMT+0000 (GMT)`.
const JS_DATE = /^(?:[A-Za-z]{3} )?([A-Za-z]{3}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-])(\d{2}):?(\d{2})(?: \([^)]*\))?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Linear's priority names as its API numbers them (0 = no priority, 1 = urgent … 4 = low). */
export const LINEAR_PRIORITIES: Readonly<Record<string, number>> = { 'no priority': 0, urgent: 1, high: 2, medium: 3, low: 4 };

/**
 * A Linear date: `Date.toString()` (the 2023 export) or ISO-8601 (newer ones). Both carry their
 * offset, which is kept; an ISO reading without one is in `timeZone`.
 *
 * @example linearTime('Tue Aug 23 2022 13:54:01 GMT+0000 (GMT)', 'UTC') // { ok: true, iso: '2022-08-23T13:54:01+00:00' }
 */
export function linearTime(text: string, timeZone: string): DateReading {
  const s = text.trim();
  const js = JS_DATE.exec(s);
  if (js) {
    const t = {
      year: Number(js[3]),
      month: MONTHS.indexOf((js[1] ?? '').toLowerCase()) + 1,
      day: Number(js[2]),
      hour: Number(js[4]),
      minute: Number(js[5]),
      second: Number(js[6]),
    };
    if (t.month > 0 && isRealTime(t)) {
      const offset = (js[7] === '-' ? -1 : 1) * (Number(js[8]) * 60 + Number(js[9]));
      const p = (n: number) => String(n).padStart(2, '0');
      return { ok: true, iso: `${t.year}-${p(t.month)}-${p(t.day)}T${p(t.hour)}:${p(t.minute)}:${p(t.second)}${offsetText(offset)}` };
    }
  }
  const iso = ISO.exec(s);
  if (iso) {
    const t = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
    const time = iso[4] === undefined ? t : { ...t, hour: Number(iso[4]), minute: Number(iso[5]), second: Number(iso[6] ?? 0) };
    if (isRealTime(time)) {
      const zone = iso[7]?.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
      return { ok: true, iso: zone ? `${s.slice(0, s.length - (iso[7]?.length ?? 0)).replace(' ', 'T')}${zone}` : zonedIso(time, timeZone) };
    }
  }
  return { ok: false, reason: `'${s}' is not a date as Linear writes one (Tue Aug 23 2022 13:54:01 GMT+0000 (GMT), or ISO-8601)` };
}

/** Linear prefixes text that starts with `+ - = @` with `'` so spreadsheets don't read a formula; this takes it off. */
export function unescapeLinear(value: string): string {
  return value.replace(/^'([+\-=@])/, '$1');
}

/**
 * Linear's CSV export (docs/import-formats.md §2): `ID` is the source ID, `Title` the title,
 * lists are joined with `", "`, Priority is a name (a number field gets 0–4), and archived
 * issues are left out, as Linear's own importer does.
 */
export function linearFormat(options: { timeZone: string }): ImportFormat {
  return {
    id: 'linear',
    titleColumn: (columns) => columns.find((c) => c.toLowerCase() === 'title'),
    idColumn: 'ID',
    canonical: (name) => name,
    clean: unescapeLinear,
    excluded: (cell) => (cell('Archived') !== '' ? "archived in Linear (Linear's own importer skips those too)" : undefined),
    items: (_column, value) =>
      value
        .split(', ')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    text: (_column, values) => values.join('\n'),
    when: (value) => linearTime(value, options.timeZone),
    number: (column, value) => (column.toLowerCase() === 'priority' ? String(LINEAR_PRIORITIES[value.trim().toLowerCase()] ?? value) : value),
  };
}

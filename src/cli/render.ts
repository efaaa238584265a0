import picocolors from 'picocolors';
import { isSignoffValue, type SignoffValue } from '../core/fields/signoff.ts';

// CONTRACT §2: colour only on a terminal. picocolors also turns it on when CI is set, which
// would put escape codes into piped output, so decide here (NO_COLOR and FORCE_COLOR still win).
const colour = process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== '0' : !process.env.NO_COLOR && Boolean(process.stdout.isTTY && process.stderr.isTTY);
const pc = picocolors.createColors(colour);

/** A plain-text table: columns padded to their widest cell, the header dimmed on a TTY. */
export function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((r) => r.map(cellText));
  const widths = headers.map((h, i) => Math.min(60, Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length))));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (v.length > (widths[i] ?? 0) ? `${v.slice(0, (widths[i] ?? 1) - 1)}…` : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [pc.dim(line(headers)), ...cells.map(line)].join('\n');
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cellText).join('; ');
  if (isSignoffValue(value)) return signoffText(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value).replace(/\s+/g, ' ');
}

/**
 * A signature as one line (ADR 044).
 *
 * @example signoffText({ verdict: 'go', by: 'ana', role: 'qa', at: '2026-01-10T09:00:00Z', version: 4, current: false, … })
 * // 'GO by ana (qa) 2026-01-10 09:00, signed at version 4, record changed since'
 */
export function signoffText(value: SignoffValue & { readonly current?: boolean }): string {
  const verdict = value.verdict === 'go' ? 'GO' : 'NO-GO';
  const stale = value.current === false ? ', record changed since' : '';
  const note = value.note ? ` — ${value.note}` : '';
  return `${verdict} by ${value.by} (${value.role}${value.asAdmin ? ', as admin' : ''}) ${value.at.slice(0, 16).replace('T', ' ')}, signed at version ${value.version}${stale}${note}`;
}

/** A record's fields as aligned `Name: value` lines. */
export function fieldLines(fields: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(fields).filter(([, v]) => v !== null && v !== undefined);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `  ${pc.dim(`${k}:`.padEnd(width + 1))} ${cellText(v)}`).join('\n');
}

export const style = {
  ok: (s: string) => pc.green(s),
  bad: (s: string) => pc.red(s),
  warn: (s: string) => pc.yellow(s),
  dim: (s: string) => pc.dim(s),
  bold: (s: string) => pc.bold(s),
};

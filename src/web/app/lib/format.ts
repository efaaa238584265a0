import type { FieldValue, Signoff } from '../api/types.ts';

/**
 * "2m ago", "5h ago", "3d ago", then the date: what a dense list needs.
 *
 * @example relativeTime('2026-01-10T09:00:00Z', new Date('2026-01-10T09:02:00Z')) // '2m ago'
 */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const seconds = Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return `${days}d ago`;
  return iso.slice(0, 10);
}

/** A field value as one line of text; lists joined with commas, unset as an em dash. */
export function formatValue(value: FieldValue | undefined, type?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  if (typeof value === 'object') return signoffText(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (type === 'percent' && typeof value === 'number') return `${Math.round(value * 1000) / 10}%`;
  if (type === 'currency' && typeof value === 'number') return value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (type === 'datetime' && typeof value === 'string') return value.replace('T', ' ').slice(0, 16);
  return String(value);
}

/**
 * A signature in one line (ADR 044).
 *
 * @example signoffText({ verdict: 'go', by: 'ana', role: 'qa', version: 4, current: false, … }) // 'GO by ana (qa), signed at version 4, record changed since'
 */
export function signoffText(signoff: Signoff): string {
  const verdict = signoff.verdict === 'go' ? 'GO' : 'NO-GO';
  // An audit snapshot has no `current`: only an explicit false is stale.
  const state = signoff.current === false ? `signed at version ${signoff.version}, record changed since` : `signed at version ${signoff.version}`;
  return `${verdict} by ${signoff.by} (${signoff.role}${signoff.asAdmin ? ', as admin' : ''}), ${state}`;
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return amount.toLocaleString(undefined, { style: 'currency', currency, maximumFractionDigits: 0 });
  } catch {
    return `${amount.toLocaleString()} ${currency}`;
  }
}

/** The element id of a field's editor, so an unmet criterion can link straight to it. */
export function fieldAnchor(field: string): string {
  return `field-${field
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;
}

export function recordPath(key: string): string {
  return `/records/${encodeURIComponent(key)}`;
}

import type { AuditEntry, FieldValue } from '../api/types.ts';
import { formatValue, relativeTime } from '../lib/format.ts';

/** "ana set Risk Level = Medium", "ana moved Under Review → Approved": one line per change in an audit entry. */
export function describeAudit(entry: AuditEntry): string[] {
  const before = entry.before;
  const after = entry.after;
  if (!before && after) return [`created ${after.key ?? ''} in ${after.status ?? ''}`.trim()];
  if (before && !after) return ['deleted the record'];
  const lines: string[] = [];
  if (before?.status !== after?.status) lines.push(`moved ${before?.status ?? '—'} → ${after?.status ?? '—'}`);
  const fields = new Set([...Object.keys(before?.fields ?? {}), ...Object.keys(after?.fields ?? {})]);
  for (const name of fields) {
    const a = before?.fields?.[name] ?? null;
    const b = after?.fields?.[name] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) lines.push(b === null ? `cleared ${name}` : `set ${name} = ${formatValue(b as FieldValue)}`);
  }
  return lines.length ? lines : [entry.action];
}

export function AuditList({ entries }: { entries: readonly AuditEntry[] }) {
  if (!entries.length) return <p className="empty">No changes recorded.</p>;
  return (
    <ol className="audit-list">
      {entries.map((entry) => (
        <li key={entry.seq}>
          <span className="actor">{entry.actor}</span>
          <span className="audit-lines">{describeAudit(entry).join(' · ')}</span>
          <time dateTime={entry.at} title={entry.at} className="muted">
            {relativeTime(entry.at)}
          </time>
          <span className="muted small">#{entry.seq}</span>
        </li>
      ))}
    </ol>
  );
}

import type { AuditEntry, EosRecord, FieldValue } from '../api/types.ts';
import { formatValue, relativeTime } from '../lib/format.ts';

type AuditSide = Partial<EosRecord> & { scope?: string; action?: string; summary?: string; step?: number; text?: string };

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === null || value === undefined ? [] : [String(value)]);

/**
 * One entry as the lines a person reads: "moved Under Review → Approved", "set Risk Level = Medium",
 * "linked Verification Needed → T-020", "recorded decision change.close “Closed after T-020 passed”", "ticked SOP step 1 “Submit an ECR…”".
 */
export function describeAudit(entry: AuditEntry): string[] {
  const before = entry.before as AuditSide | null;
  const after = entry.after as AuditSide | null;
  if (entry.action.startsWith('decision.')) return [`recorded decision ${after?.scope ?? ''}.${after?.action ?? ''} “${after?.summary ?? ''}”`];
  if (entry.action === 'record.sop.check' || entry.action === 'record.sop.uncheck') {
    return [`${entry.action === 'record.sop.check' ? 'ticked' : 'unticked'} SOP step ${after?.step ?? ''} “${after?.text ?? ''}”`];
  }
  if (!before && after) return [`created ${after.key ?? ''} in ${after.status ?? ''}`.replace(/\s+/g, ' ').trim()];
  if (before && !after) return ['deleted the record'];
  const lines: string[] = [];
  if (before?.status !== after?.status) lines.push(`moved ${before?.status ?? '—'} → ${after?.status ?? '—'}`);
  const fields = new Set([...Object.keys(before?.fields ?? {}), ...Object.keys(after?.fields ?? {})]);
  for (const name of fields) {
    const a = before?.fields?.[name] ?? null;
    const b = after?.fields?.[name] ?? null;
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (entry.action === 'record.link' || entry.action === 'record.unlink') {
      const added = asList(b).filter((key) => !asList(a).includes(key));
      const removed = asList(a).filter((key) => !asList(b).includes(key));
      if (added.length) lines.push(`linked ${name} → ${added.join(', ')}`);
      if (removed.length) lines.push(`unlinked ${name} → ${removed.join(', ')}`);
    } else if (entry.action === 'record.sign') lines.push(`signed ${name}: ${formatValue(b as FieldValue)}`);
    else lines.push(b === null ? `cleared ${name}` : `set ${name} = ${formatValue(b as FieldValue)}`);
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

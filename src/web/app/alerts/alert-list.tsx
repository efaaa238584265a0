import { Link } from 'wouter';
import type { AlertView } from '../api/types.ts';
import { levelLabel } from '../lib/alert-order.ts';
import { relativeTime } from '../lib/format.ts';

/** Alerts as the last pass left them: rule, message, subject (linking to its page), level and times. */
export function AlertList({ alerts, label }: { alerts: readonly AlertView[]; label: string }) {
  return (
    <ul className="alert-list" aria-label={label}>
      {alerts.map((a) => (
        <li key={`${a.ruleId}:${a.subject}`} className={`alert-item alert-${a.state}`}>
          <div className="alert-head">
            <span className={`status-pill alert-${a.rule?.severity ?? 'info'}`}>{a.rule?.severity ?? 'rule removed'}</span>
            <strong className="alert-rule">{a.rule?.name ?? a.ruleId}</strong>
            {levelLabel(a) && <span className="alert-level">{levelLabel(a)}</span>}
          </div>
          <p className="alert-message">{a.message}</p>
          <div className="alert-meta">
            {a.link ? (
              <Link href={a.link} className="alert-subject">
                {a.label || a.link}
              </Link>
            ) : (
              <span className="alert-subject">{a.label || a.subject}</span>
            )}
            <span title={a.since}>{a.state === 'resolved' && a.resolvedAt ? `resolved ${relativeTime(a.resolvedAt)}` : `fired ${relativeTime(a.since)}`}</span>
            <span title={a.lastNotifiedAt ?? undefined}>{a.lastNotifiedAt ? `last notified ${relativeTime(a.lastNotifiedAt)}` : 'not notified yet'}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

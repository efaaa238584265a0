import { Link } from 'wouter';
import type { Decision } from '../api/types.ts';
import { recordPath, relativeTime } from '../lib/format.ts';

export function DecisionList({ decisions, showRecord = true }: { decisions: readonly Decision[]; showRecord?: boolean }) {
  if (!decisions.length) return <p className="empty">No decisions recorded.</p>;
  return (
    <ol className="decision-list">
      {decisions.map((decision) => (
        <li key={decision.id}>
          <div className="decision-head">
            <code>
              {decision.scope}.{decision.action}
            </code>
            {showRecord && decision.recordKey && (
              <Link href={recordPath(decision.recordKey)} className="key">
                {decision.recordKey}
              </Link>
            )}
            <span className="decision-summary">“{decision.summary}”</span>
            <span className="muted">
              {decision.actor} ·{' '}
              <time dateTime={decision.at} title={decision.at}>
                {relativeTime(decision.at)}
              </time>
            </span>
          </div>
          {decision.rationale && <p className="rationale">{decision.rationale}</p>}
          {decision.evidence && decision.evidence.length > 0 && (
            <p className="evidence">
              {decision.evidence.map((url) => (
                <a key={url} href={url} target="_blank" rel="noreferrer">
                  {url}
                </a>
              ))}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

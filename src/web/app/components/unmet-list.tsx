import { Link } from 'wouter';
import type { DatabaseDef, Unmet } from '../api/types.ts';
import { criterionField } from '../lib/criterion-field.ts';
import { fieldAnchor, recordPath } from '../lib/format.ts';

export type UnmetListProps = { unmet: readonly Unmet[]; def?: DatabaseDef | undefined; recordKey?: string; onFieldClick?: (field: string) => void };

/**
 * Every unmet criterion with its message; where the criterion concerns a field, the message links to that
 * field's editor (on this page through `onFieldClick`, or on `recordKey`'s page from elsewhere).
 */
export function UnmetList({ unmet, def, recordKey, onFieldClick }: UnmetListProps) {
  return (
    <ul className="unmet-list">
      {unmet.map((item) => {
        const field = def ? criterionField(def, item) : item.field;
        const id = `${item.gate}/${item.criterion}`;
        // A record created in a later status walked the lifecycle: each criterion names its step.
        const step = item.step ? `${item.step.from ?? '(new)'} → ${item.step.to}` : undefined;
        return (
          <li key={step ? `${step} ${id}` : id} data-criterion={id} {...(step ? { 'data-step': step } : {})}>
            {step && <span className="criterion-step">{step}: </span>}
            <span className="cross" aria-hidden="true">
              ✗
            </span>
            {field && onFieldClick ? (
              <a
                className="unmet-message"
                href={`#${fieldAnchor(field)}`}
                title={`Go to ${field}`}
                onClick={(event) => {
                  event.preventDefault();
                  onFieldClick(field);
                }}
              >
                {item.message}
              </a>
            ) : field && recordKey ? (
              <Link className="unmet-message" href={`${recordPath(recordKey)}#${fieldAnchor(field)}`} title={`Go to ${field} on ${recordKey}`}>
                {item.message}
              </Link>
            ) : (
              <span className="unmet-message">{item.message}</span>
            )}
            <code className="criterion-id">{id}</code>
            {item.error && <div className="criterion-error">{item.error}</div>}
          </li>
        );
      })}
    </ul>
  );
}

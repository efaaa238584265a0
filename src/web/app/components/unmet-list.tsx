import { Link } from 'wouter';
import type { DatabaseDef, Unmet } from '../api/types.ts';
import { criterionField } from '../lib/criterion-field.ts';
import { fieldAnchor, recordPath } from '../lib/format.ts';

/**
 * Every unmet criterion with its message; where the criterion names a field, the message links to that
 * field's editor (on the record page, or on `recordKey`'s page from elsewhere).
 */
export type UnmetListProps = { unmet: readonly Unmet[]; def?: DatabaseDef | undefined; recordKey?: string; onFieldClick?: (field: string) => void };

export function UnmetList({ unmet, def, recordKey, onFieldClick }: UnmetListProps) {
  return (
    <ul className="unmet-list">
      {unmet.map((unmetItem) => {
        const field = def ? criterionField(def, unmetItem) : unmetItem.field;
        const item = { ...unmetItem, field };
        return (
          <li key={`${item.gate}/${item.criterion}`}>
            <span className="cross" aria-hidden="true">
              ✗
            </span>
            {item.field && onFieldClick ? (
              <a
                href={`#${fieldAnchor(item.field)}`}
                onClick={(event) => {
                  event.preventDefault();
                  onFieldClick(item.field ?? '');
                }}
              >
                {item.message}
              </a>
            ) : item.field && recordKey ? (
              <Link href={`${recordPath(recordKey)}#${fieldAnchor(item.field)}`}>{item.message}</Link>
            ) : (
              <span>{item.message}</span>
            )}
            <code className="criterion-id" title={item.error ?? undefined}>
              {item.gate}/{item.criterion}
            </code>
            {item.error && <div className="criterion-error">{item.error}</div>}
          </li>
        );
      })}
    </ul>
  );
}

import { Link } from 'wouter';
import type { RelatedRecord } from '../api/types.ts';
import { recordPath } from '../lib/format.ts';

/**
 * The records that link this one, by inverse relation (ADR 046): read-only, as the link lives on
 * the other record, so each links to it.
 */
export function InverseRelations({ inverse }: { inverse: Record<string, RelatedRecord[]> }) {
  return (
    <section aria-labelledby="inverse-title">
      <h2 id="inverse-title">Linked from</h2>
      <p className="muted small">Read-only: each record below links this one. Change the link on that record.</p>
      <dl className="fields">
        {Object.entries(inverse).map(([name, records]) => (
          <div key={name} className="field-row">
            <dt>{name}</dt>
            <dd>
              <ul className="relation-list" aria-label={name}>
                {records.map((item) => (
                  <li key={item.key}>
                    <Link href={recordPath(item.key)} className="chip">
                      <span className="key">{item.key}</span>
                      {item.title !== item.key && <span>{item.title}</span>}
                    </Link>
                    <span className="status-pill">{item.status}</span>
                  </li>
                ))}
                {!records.length && <li className="muted">None link here</li>}
              </ul>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

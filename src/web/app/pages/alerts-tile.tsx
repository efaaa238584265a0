import { Link } from 'wouter';
import type { AlertView } from '../api/types.ts';
import { useResource } from '../api/use-resource.ts';
import { Empty, Loading } from '../components/loading.tsx';
import { sortAlerts } from '../lib/alert-order.ts';
import { relativeTime } from '../lib/format.ts';

const SHOWN = 8;

/** The control center's "Alerts firing" tile: what the last alert pass found firing, worst first. */
export function AlertsTile() {
  const { data, error } = useResource<{ alerts: AlertView[]; checkedAt: string | null }>('/alerts');
  const alerts = sortAlerts(data?.alerts ?? []);
  return (
    <section className="tile" aria-label="Alerts firing">
      <h2>
        Alerts firing
        {data && <span className="count">{alerts.length}</span>}
      </h2>
      {error && <p className="muted small">Alerts are unavailable: {error.message}</p>}
      {!data && !error && <Loading label="Loading alerts" lines={2} />}
      {/* Before the first pass an empty list says nothing: the server runs one at start-up. */}
      {data && alerts.length === 0 && !data.checkedAt && <Empty>Not checked yet: the first alert pass runs as the server starts.</Empty>}
      {data?.checkedAt && alerts.length === 0 && <Empty>Nothing is firing (checked {relativeTime(data.checkedAt)}).</Empty>}
      {alerts.length > 0 && (
        <ul className="lines">
          {alerts.slice(0, SHOWN).map((a) => (
            <li key={`${a.ruleId}:${a.subject}`}>
              <Link href={a.link ?? '/'} className="record-line">
                <span className={`status-pill alert-${a.rule?.severity ?? 'info'}`}>{a.rule?.severity ?? 'alert'}</span>
                <span className="line-title">
                  {a.rule?.name ?? a.ruleId}
                  {a.subject ? ` · ${a.label}` : ''}
                  {a.level > 1 ? ` · level ${a.level}` : ''}
                </span>
                <span className="line-meta" title={`since ${a.since}`}>
                  {relativeTime(a.since)}
                </span>
                <span className="sub">{a.message}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {alerts.length > SHOWN && <p className="muted small more">and {alerts.length - SHOWN} more</p>}
      <Link href="/alerts" className="tile-more">
        All alerts and rules →
      </Link>
    </section>
  );
}

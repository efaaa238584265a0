import { useState } from 'react';
import { AlertList } from '../alerts/alert-list.tsx';
import { AlertPassPanel } from '../alerts/alert-pass-panel.tsx';
import { AlertRulesTable } from '../alerts/alert-rules-table.tsx';
import type { AlertRule, AlertView } from '../api/types.ts';
import { useResource } from '../api/use-resource.ts';
import { ErrorView } from '../components/error-view.tsx';
import { Empty, Loading } from '../components/loading.tsx';
import { groupBySeverity, sortAlerts } from '../lib/alert-order.ts';
import { useSession } from '../session.tsx';

const TITLE = { critical: 'Critical', warning: 'Warning', info: 'Info' } as const;

/** The alerts firing now, worst first (resolved ones too on request), the pack's rules, and a pass on demand. */
export default function AlertsPage() {
  const { state } = useSession();
  const [includeResolved, setIncludeResolved] = useState(false);
  const alerts = useResource<{ alerts: AlertView[] }>(includeResolved ? '/alerts?all=true' : '/alerts');
  const rules = useResource<{ rules: AlertRule[] }>('/alerts/rules');
  const firing = alerts.data?.alerts.filter((a) => a.state === 'firing') ?? [];
  const resolved = sortAlerts(alerts.data?.alerts.filter((a) => a.state === 'resolved') ?? []);
  return (
    <div className="page alerts-page">
      <header className="page-header">
        <h1>Alerts</h1>
        <label className="inline-label">
          <input type="checkbox" checked={includeResolved} onChange={(e) => setIncludeResolved(e.target.checked)} />
          Include resolved
        </label>
      </header>
      {state.status === 'signed-in' && <AlertPassPanel user={state.user} />}
      <section aria-label="Alerts firing">
        <h2>Firing {alerts.data && <span className="count">{firing.length}</span>}</h2>
        {alerts.error && <ErrorView error={alerts.error} />}
        {!alerts.data && !alerts.error && <Loading label="Loading alerts" lines={4} />}
        {alerts.data && firing.length === 0 && <Empty>No alerts firing</Empty>}
        {groupBySeverity(firing).map((group) => (
          <div key={group.severity} className="alert-group">
            <h3>
              {TITLE[group.severity]} <span className="count">{group.alerts.length}</span>
            </h3>
            <AlertList alerts={group.alerts} label={`${TITLE[group.severity]} alerts`} />
          </div>
        ))}
      </section>
      {includeResolved && alerts.data && (
        <section aria-label="Resolved alerts">
          <h2>
            Resolved <span className="count">{resolved.length}</span>
          </h2>
          {resolved.length === 0 ? <Empty>None resolved yet</Empty> : <AlertList alerts={resolved} label="Resolved alerts" />}
        </section>
      )}
      <section aria-label="Rules">
        <h2>Rules</h2>
        <p className="muted small">
          The pack's rules (read-only: they change with <code>eos pack upgrade</code>); the channels they name are the workspace's (<code>eos alerts channel add</code>).
        </p>
        {rules.error && <ErrorView error={rules.error} />}
        {!rules.data && !rules.error && <Loading label="Loading rules" lines={4} />}
        {rules.data && <AlertRulesTable rules={rules.data.rules} />}
      </section>
    </div>
  );
}

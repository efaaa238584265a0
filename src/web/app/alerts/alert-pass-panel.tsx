import { useState } from 'react';
import type { ApiError } from '../api/client.ts';
import { runAlertPass } from '../api/mutations.ts';
import type { AlertPassReport, User } from '../api/types.ts';
import { toApiError } from '../api/use-resource.ts';
import { ErrorView } from '../components/error-view.tsx';

type PassState = { running: 'pass' | 'dry' | null; report?: AlertPassReport; error?: ApiError };

/** Why the buttons are off for this user, if they are (the API refuses the same people anyway). */
function reasonOff(user: User): { pass: boolean; dry: boolean; reason: string | null } {
  if (user.role === 'admin') return { pass: false, dry: false, reason: null };
  if (user.role === 'viewer') return { pass: true, dry: true, reason: `A viewer can't run an alert pass or a dry run; ${user.name} has the viewer role` };
  return { pass: true, dry: false, reason: `Only an admin can run an alert pass (a dry run is open to you); ${user.name} has the ${user.role} role` };
}

/** "Run a pass now" (admins) and "Dry run" (anyone but a viewer), and what the pass reported. */
export function AlertPassPanel({ user }: { user: User }) {
  const [state, setState] = useState<PassState>({ running: null });
  const off = reasonOff(user);
  const run = (dryRun: boolean) => {
    setState({ running: dryRun ? 'dry' : 'pass' });
    runAlertPass(dryRun)
      .then((report) => setState({ running: null, report }))
      .catch((error: unknown) => setState({ running: null, error: toApiError(error) }));
  };
  return (
    <section className="alert-pass" aria-label="Alert pass">
      <div className="alert-pass-buttons">
        <button
          type="button"
          className="primary"
          disabled={off.pass || state.running !== null}
          aria-describedby={off.pass ? 'alert-pass-reason' : undefined}
          onClick={() => run(false)}
        >
          {state.running === 'pass' ? 'Running…' : 'Run a pass now'}
        </button>
        <button type="button" disabled={off.dry || state.running !== null} aria-describedby={off.dry ? 'alert-pass-reason' : undefined} onClick={() => run(true)}>
          {state.running === 'dry' ? 'Running…' : 'Dry run'}
        </button>
        {off.reason && (
          <span id="alert-pass-reason" className="muted small">
            {off.reason}
          </span>
        )}
      </div>
      {state.error && <ErrorView error={state.error} title="The pass failed" />}
      {state.report && <PassReport report={state.report} />}
    </section>
  );
}

const VERB = { firing: 'fired', escalated: 'escalated', repeat: 'repeated', resolved: 'resolved' } as const;

function PassReport({ report }: { report: AlertPassReport }) {
  const events = report.events.length;
  return (
    <div className="pass-report" role="status" aria-label="Pass report">
      <p className="pass-summary">
        {report.dryRun ? 'Dry run: ' : ''}
        {report.firing} alert{report.firing === 1 ? '' : 's'} firing over {report.rules} rules; {report.dryRun ? 'would notify' : 'notified'} {events} event
        {events === 1 ? '' : 's'}
        {report.dryRun ? ' (nothing written or sent)' : ''}.
      </p>
      {events > 0 && (
        <ul className="pass-events" aria-label="Events">
          {report.events.map((e) => (
            <li key={`${e.event}:${e.rule}:${e.subject}`}>
              <span className={`status-pill alert-${e.severity}`}>{VERB[e.event]}</span> <code>{e.rule}</code>
              {e.label ? ` · ${e.label}` : ''}
              {e.level > 1 ? ` · level ${e.level}` : ''}: {e.message}
              {e.channels.length > 0 && <span className="muted"> → {e.channels.join(', ')}</span>}
            </li>
          ))}
        </ul>
      )}
      {report.deliveries.length > 0 && (
        <ul className="pass-deliveries" aria-label="Deliveries">
          {report.deliveries.map((d) => (
            <li key={`${d.channel}:${d.event}:${d.rule}:${d.subject}:${d.attempt}`}>
              <strong>{d.channel}</strong> {d.event} <code>{d.rule}</code>
              {d.subject ? ` ${d.subject}` : ''}: <span className={`delivery-${d.status}`}>{d.status}</span>
              {d.statusCode !== null ? ` ${d.statusCode}` : ''}
              {d.attempt > 1 ? ` (attempt ${d.attempt})` : ''}
              {d.error ? ` — ${d.error}` : ''}
              {d.retryAt ? `; retries at ${d.retryAt.replace('T', ' ').slice(0, 16)}` : ''}
            </li>
          ))}
        </ul>
      )}
      {report.errors.length > 0 && (
        <ul className="pass-errors" aria-label="Rules that failed">
          {report.errors.map((e) => (
            <li key={e.rule}>
              <code>{e.rule}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

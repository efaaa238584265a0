import type { ApiError } from '../api/client.ts';
import type { DatabaseDef, GateReport } from '../api/types.ts';
import { ErrorView } from './error-view.tsx';
import { Loading } from './loading.tsx';
import { RecordWaivers } from './record-waivers.tsx';
import { UnmetList } from './unmet-list.tsx';
import { WaiverRequestLink } from './waiver-request-link.tsx';

export type GatePanelProps = { def: DatabaseDef; report: GateReport | undefined; error: ApiError | undefined; previewing: boolean; onFieldClick: (field: string) => void };

/**
 * What stands between the record and each next status, re-evaluated over unsaved edits as they are
 * typed; a blocked status offers a waiver request, and the waivers that name the record are listed.
 */
export function GatePanel({ def, report, error, previewing, onFieldClick }: GatePanelProps) {
  return (
    <section className="side-section gate-panel" aria-labelledby="gates-title" aria-live="polite">
      <h2 id="gates-title">
        Gates
        {previewing && <span className="badge">with unsaved edits</span>}
      </h2>
      {error && <ErrorView error={error} />}
      {!report && !error && <Loading label="Evaluating gates" lines={2} />}
      {report && report.next.length === 0 && <p className="empty">{report.status} is a final status: there is no next status.</p>}
      {report?.next.map((next) => (
        <div key={next.to} className={next.passes ? 'gate-next passes' : 'gate-next'} data-to={next.to}>
          <div className="gate-head">
            <span>→ {next.to}</span>
            {next.passes ? <span className="ok">✓ ready</span> : <span className="bad">✗ {next.unmet.length} unmet</span>}
          </div>
          {!next.passes && <UnmetList unmet={next.unmet} def={def} onFieldClick={onFieldClick} />}
          {!next.passes && !previewing && <WaiverRequestLink recordKey={report.record} to={next.to} unmet={next.unmet} />}
        </div>
      ))}
      {report && <RecordWaivers recordKey={report.record} />}
    </section>
  );
}

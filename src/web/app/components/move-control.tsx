import { type FormEvent, useState } from 'react';
import type { ApiError } from '../api/client.ts';
import { moveRecord } from '../api/mutations.ts';
import type { DatabaseDef, GateReport, Unmet } from '../api/types.ts';
import { toApiError } from '../api/use-resource.ts';
import { ErrorView } from './error-view.tsx';
import { UnmetList } from './unmet-list.tsx';
import { WaiverRequestLink } from './waiver-request-link.tsx';

export type MoveControlProps = {
  def: DatabaseDef;
  recordKey: string;
  status: string;
  report: GateReport | undefined;
  /** The gates as they read now, unsaved edits included: a refusal shown follows them, not the moment it was refused. */
  live?: GateReport | undefined;
  disabledReason?: string | undefined;
  onFieldClick: (field: string) => void;
};

/** "Move to…": the next statuses with whether their gates pass; a refusal lists every unmet criterion. */
export function MoveControl({ def, recordKey, status, report, live, disabledReason, onFieldClick }: MoveControlProps) {
  const [to, setTo] = useState('');
  const [waiver, setWaiver] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [refusedTo, setRefusedTo] = useState('');
  const next = report?.next ?? [];
  // Forward by default: the first next status after the current one in the lifecycle's order.
  const forward = next.find((n) => def.status.values.indexOf(n.to) > def.status.values.indexOf(status));
  const target = to || forward?.to || next[0]?.to || '';

  async function submit(event: FormEvent | undefined, retry?: string) {
    event?.preventDefault();
    const moveTo = retry ?? target;
    if (!moveTo) return;
    setBusy(true);
    setError(undefined);
    setRefusedTo(moveTo);
    try {
      await moveRecord(recordKey, moveTo, waiver.trim() || undefined);
      setTo('');
      setWaiver('');
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  const refusedUnmet = error?.details.unmet as Unmet[] | undefined;
  // After a refusal, fixing a field (saved or not) changes what is unmet: the popup follows the live gates.
  const now = refusedUnmet?.length && !waiver.trim() ? (live ?? report)?.next.find((n) => n.to === refusedTo) : undefined;
  const unmet = now ? now.unmet : refusedUnmet;
  const title = now ? `${recordKey} can't move to ${refusedTo}: ${now.unmet.length} ${now.unmet.length === 1 ? 'criterion' : 'criteria'} unmet` : error?.message;
  return (
    <div className="move-control">
      <form onSubmit={submit} className="move-form">
        <label className="visually-hidden" htmlFor="move-to">
          Move to
        </label>
        <select id="move-to" value={target} onChange={(e) => setTo(e.target.value)} disabled={!next.length}>
          {next.map((option) => (
            <option key={option.to} value={option.to}>
              {option.passes ? '✓' : '✗'} {option.to}
            </option>
          ))}
        </select>
        <input className="waiver-input" aria-label="Waiver key (optional)" placeholder="Waiver (optional)" value={waiver} onChange={(e) => setWaiver(e.target.value)} />
        <button type="submit" className="primary" disabled={busy || !target || Boolean(disabledReason)} title={disabledReason}>
          {busy ? 'Moving…' : 'Move'}
        </button>
      </form>
      {error && (
        <div className="popover refusal" role="alert">
          {now?.passes ? (
            <>
              <p className="refusal-title">
                {recordKey} can move to {refusedTo} now{disabledReason ? ', once your edits are saved' : ''}.
              </p>
              <button type="button" className="primary small" disabled={busy || Boolean(disabledReason)} title={disabledReason} onClick={() => void submit(undefined, refusedTo)}>
                Move to {refusedTo}
              </button>
            </>
          ) : unmet?.length ? (
            <>
              <p className="refusal-title">{title}</p>
              <UnmetList unmet={unmet} def={def} onFieldClick={onFieldClick} />
              <WaiverRequestLink recordKey={recordKey} to={refusedTo} unmet={unmet} />
            </>
          ) : (
            <ErrorView error={error} />
          )}
          <button type="button" className="ghost small" onClick={() => setError(undefined)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { ApiError } from '../api/client.ts';
import { checkSopStep } from '../api/mutations.ts';
import type { SopReport, SopStep } from '../api/types.ts';
import { toApiError, useResource } from '../api/use-resource.ts';
import { relativeTime } from '../lib/format.ts';
import { ErrorView } from './error-view.tsx';

export type SopChecklistProps = {
  recordKey: string;
  /** The database's SOP: shown, unticked and disabled, until the checklist has loaded (so nothing shifts). */
  sop: readonly string[];
  /** Who ticks: shown on a tick until the server answers. null: a viewer, who sees the boxes disabled. */
  user: string | null;
};

function withStep(report: SopReport, changed: SopStep): SopReport {
  const steps = report.steps.map((s) => (s.step === changed.step ? changed : s));
  return { ...report, steps, done: steps.filter((s) => s.done).length };
}

/**
 * The record's SOP as native checkboxes: ticking one calls PUT /records/{key}/sop/{step} at once,
 * and a refusal shows the API's error and puts the box back as it was.
 */
export function SopChecklist({ recordKey, sop: texts, user }: SopChecklistProps) {
  const sop = useResource<SopReport>(`/records/${encodeURIComponent(recordKey)}/sop`);
  const [shown, setShown] = useState<SopReport>();
  const [busy, setBusy] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<ApiError>();
  useEffect(() => setShown(sop.data), [sop.data]);
  const report = shown ?? sop.data;
  const loaded = report !== undefined;
  const steps = report?.steps ?? texts.map((text, i): SopStep => ({ step: i + 1, text, done: false, checkedBy: null, checkedAt: null }));

  async function toggle(step: SopStep, done: boolean) {
    // A box stays enabled while its tick is sent (disabling it would drop the keyboard focus): a second press waits.
    if (busy.has(step.step)) return;
    setError(undefined);
    setBusy((current) => new Set(current).add(step.step));
    const ticked = done ? { checkedBy: user, checkedAt: new Date().toISOString() } : { checkedBy: null, checkedAt: null };
    setShown((current) => current && withStep(current, { ...step, done, ...ticked }));
    try {
      setShown(await checkSopStep(recordKey, step.step, done));
    } catch (caught) {
      setError(toApiError(caught));
      setShown((current) => current && withStep(current, step));
    } finally {
      setBusy((current) => new Set([...current].filter((s) => s !== step.step)));
    }
  }

  return (
    <section className="side-section" aria-labelledby="sop-title">
      <h2 id="sop-title">
        SOP <span className="sop-progress muted">{report ? `${report.done} of ${report.total} done` : `${texts.length} steps`}</span>
      </h2>
      {sop.error && !report && <ErrorView error={sop.error} />}
      <ol className="sop">
        {steps.map((step) => {
          const id = `sop-step-${step.step}`;
          return (
            <li key={step.step} className={step.done ? 'sop-step done' : 'sop-step'}>
              <input
                type="checkbox"
                id={id}
                checked={step.done}
                disabled={!loaded || user === null}
                aria-busy={busy.has(step.step) || undefined}
                title={user === null ? 'A viewer cannot tick SOP steps' : undefined}
                onChange={(event) => void toggle(step, event.currentTarget.checked)}
              />
              <label htmlFor={id}>
                <span className="sop-number">{step.step}.</span> {step.text}
              </label>
              {step.done && step.checkedAt && (
                <span className="sop-who muted small" title={`Ticked by ${step.checkedBy} at ${step.checkedAt}`}>
                  {step.checkedBy} · <time dateTime={step.checkedAt}>{relativeTime(step.checkedAt)}</time>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {error && <ErrorView error={error} title="The step was not changed" />}
    </section>
  );
}

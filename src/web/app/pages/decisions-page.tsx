import { type FormEvent, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { type ApiError, query } from '../api/client.ts';
import { appendDecision } from '../api/mutations.ts';
import type { Decision } from '../api/types.ts';
import { toApiError, useResource } from '../api/use-resource.ts';
import { DecisionList } from '../components/decision-list.tsx';
import { ErrorView } from '../components/error-view.tsx';
import { Loading } from '../components/loading.tsx';

const FILTERS = ['scope', 'action', 'record'] as const;

/** The decision log, filtered by scope, action and record (in the URL), with one short form to append. */
export default function DecisionsPage() {
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const decisions = useResource<{ decisions: Decision[] }>(`/decisions${query({ ...filters, limit: 200 })}`);
  const [showForm, setShowForm] = useState(params.get('new') === '1');

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    next.delete('new');
    if (value) next.set(name, value);
    else next.delete(name);
    const text = next.toString();
    navigate(`${location}${text ? `?${text}` : ''}`, { replace: true });
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1>Decisions</h1>
        {!showForm && (
          <button type="button" className="primary" onClick={() => setShowForm(true)}>
            Record a decision
          </button>
        )}
      </header>
      {showForm && <DecisionForm record={filters.record} onDone={() => setShowForm(false)} />}
      <div className="toolbar">
        {FILTERS.map((name) => (
          <label key={name} className="inline-label">
            {name}
            <input
              aria-label={`Filter by ${name}`}
              defaultValue={filters[name]}
              placeholder="any"
              onKeyDown={(e) => e.key === 'Enter' && setFilter(name, e.currentTarget.value.trim())}
              onBlur={(e) => setFilter(name, e.target.value.trim())}
            />
          </label>
        ))}
      </div>
      {decisions.error && <ErrorView error={decisions.error} />}
      {decisions.data ? <DecisionList decisions={decisions.data.decisions} /> : !decisions.error && <Loading label="Loading decisions" lines={5} />}
    </div>
  );
}

function DecisionForm({ record, onDone }: { record: string; onDone: () => void }) {
  const [form, setForm] = useState({ scope: '', action: '', summary: '', rationale: '', record, evidence: '' });
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const evidence = form.evidence.split(/\s+/).filter(Boolean);
      await appendDecision({
        scope: form.scope.trim(),
        action: form.action.trim(),
        summary: form.summary.trim(),
        ...(form.rationale.trim() ? { rationale: form.rationale.trim() } : {}),
        ...(form.record.trim() ? { record: form.record.trim() } : {}),
        ...(evidence.length ? { evidence } : {}),
      });
      onDone();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="decision-form" onSubmit={submit} aria-label="Record a decision">
      <div className="form-grid">
        <label>
          Scope
          {/* biome-ignore lint/a11y/noAutofocus: the form opens on request */}
          <input required autoFocus placeholder="release" value={form.scope} onChange={set('scope')} />
        </label>
        <label>
          Action
          <input required placeholder="go" value={form.action} onChange={set('action')} />
        </label>
        <label>
          Record
          <input placeholder="ECR-0001 (optional)" value={form.record} onChange={set('record')} />
        </label>
        <label className="span-3">
          Summary
          <input required placeholder="Ship after T-012 passed" value={form.summary} onChange={set('summary')} />
        </label>
        <label className="span-3">
          Rationale
          <textarea rows={2} value={form.rationale} onChange={set('rationale')} />
        </label>
        <label className="span-3">
          Evidence (links, separated by spaces)
          <input value={form.evidence} onChange={set('evidence')} />
        </label>
      </div>
      {error && <ErrorView error={error} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Recording…' : 'Record decision'}
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

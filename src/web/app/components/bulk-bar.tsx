import { type FormEvent, useState } from 'react';
import type { ApiError } from '../api/client.ts';
import { type BulkResult, bulkWrite } from '../api/mutations.ts';
import type { DatabaseDef } from '../api/types.ts';
import { toApiError } from '../api/use-resource.ts';
import { ErrorView } from './error-view.tsx';

/**
 * Bulk edit and move for the ticked records: set one field and/or move to a status. Each record
 * passes its own gates; the result lists what was done and every refusal with its unmet criteria.
 */
export function BulkBar({ def, keys }: { def: DatabaseDef; keys: readonly string[] }) {
  const editable = def.fields.filter((f) => !['formula', 'rollup', 'relation', 'signoff', 'files'].includes(f.type) && f.name !== def.status.field);
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult>();
  const [error, setError] = useState<ApiError>();

  async function apply(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const out = await bulkWrite({ keys: [...keys], ...(field ? { fields: { [field]: value } } : {}), ...(to ? { to } : {}) });
      // The ticks stay, so the result stays beside the records it speaks of.
      setResult(out);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="bulk-bar" aria-label="Bulk edit">
      <form onSubmit={apply} className="bulk-form">
        <strong>{keys.length} selected</strong>
        <label className="inline-label">
          Set
          <select value={field} onChange={(e) => setField(e.target.value)}>
            <option value="">no field</option>
            {editable.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        {field && <input aria-label={`New ${field}`} value={value} onChange={(e) => setValue(e.target.value)} placeholder="value (empty clears it)" />}
        <label className="inline-label">
          Move to
          <select value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">no move</option>
            {def.status.values.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy || keys.length === 0 || (!field && !to)}>
          {busy ? 'Applying…' : 'Apply'}
        </button>
      </form>
      {error && <ErrorView error={error} />}
      {result && (
        <div className="bulk-result" role="status">
          <p>
            {result.done} done, {result.refused} refused.
          </p>
          {result.refused > 0 && (
            <ul className="bulk-refusals">
              {result.results
                .filter((r) => !r.ok)
                .map((r) => (
                  <li key={r.key}>
                    <span className="refusal-message">{r.error?.message}</span>
                    {Array.isArray(r.error?.unmet) && (
                      <ul>
                        {(r.error.unmet as { criterion: string; message: string }[]).map((u) => (
                          <li key={u.criterion} className="unmet-message">
                            {u.message}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

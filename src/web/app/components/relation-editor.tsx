import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { type ApiError, query } from '../api/client.ts';
import { linkRecords } from '../api/mutations.ts';
import type { EosRecord, FieldDef, RelatedRecord } from '../api/types.ts';
import { toApiError, useResource } from '../api/use-resource.ts';
import { fieldAnchor, recordPath } from '../lib/format.ts';
import { ErrorView } from './error-view.tsx';
import { UnresolvedRef } from './field-value.tsx';

export type RelationEditorProps = { field: FieldDef; record: EosRecord; related: readonly RelatedRecord[]; readOnly?: boolean };

/** A relation's linked records (followed by clicking, removed with ×), its pending references, and an add box. */
export function RelationEditor({ field, record, related, readOnly }: RelationEditorProps) {
  const [adding, setAdding] = useState(false);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const pending = record.unresolved?.[field.name] ?? [];
  const candidates = useResource<{ records: EosRecord[] }>(adding && field.to ? `/records${query({ database: field.to, limit: 200 })}` : null);

  async function change(targets: string[], unlink: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      await linkRecords(record.key, field.name, targets, unlink);
      setTarget('');
      if (!unlink) setAdding(false);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const key = target.trim();
    if (key) void change([key], false);
  };
  const listId = `${fieldAnchor(field.name)}-options`;

  return (
    <div className="relation" id={fieldAnchor(field.name)} tabIndex={-1}>
      <ul className="relation-list">
        {related.map((item) => (
          <li key={item.key}>
            <Link href={recordPath(item.key)} className="chip">
              <span className="key">{item.key}</span>
              {item.title !== item.key && <span>{item.title}</span>}
            </Link>
            <span className="status-pill">{item.status}</span>
            {!readOnly && (
              <button type="button" className="icon-button" aria-label={`Unlink ${item.key} from ${field.name}`} disabled={busy} onClick={() => void change([item.key], true)}>
                ×
              </button>
            )}
          </li>
        ))}
        {pending.map((ref) => (
          <li key={ref}>
            <UnresolvedRef reference={ref} database={field.to} />
          </li>
        ))}
        {!related.length && !pending.length && <li className="muted">None linked</li>}
      </ul>
      {!readOnly && !adding && (field.many || related.length === 0) && (
        <button type="button" className="ghost small" onClick={() => setAdding(true)}>
          + Link {field.to ? `a record from ${field.to}` : 'a record'}
        </button>
      )}
      {adding && (
        <form className="link-form" onSubmit={submit}>
          <input
            // biome-ignore lint/a11y/noAutofocus: the add box opens on request, typing is what comes next
            autoFocus
            list={listId}
            aria-label={`Key of the record to link in ${field.name}`}
            placeholder="Key or title"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setAdding(false)}
          />
          <datalist id={listId}>
            {candidates.data?.records
              .filter((r) => !related.some((item) => item.key === r.key))
              .map((r) => (
                <option key={r.key} value={r.key}>
                  {r.title !== r.key ? `${r.title} · ${r.status}` : r.status}
                </option>
              ))}
          </datalist>
          <button type="submit" className="primary small" disabled={busy || !target.trim()}>
            Link
          </button>
          <button type="button" className="ghost small" onClick={() => setAdding(false)}>
            Cancel
          </button>
        </form>
      )}
      {error && <ErrorView error={error} />}
    </div>
  );
}

import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { ApiError } from '../api/client.ts';
import { createRecord } from '../api/mutations.ts';
import type { DatabaseDef, FieldValue } from '../api/types.ts';
import { toApiError } from '../api/use-resource.ts';
import { ErrorView } from '../components/error-view.tsx';
import { FieldEditor } from '../components/field-editor.tsx';
import { WithDatabase } from '../components/with-database.tsx';
import { fieldAnchor, recordPath } from '../lib/format.ts';

/** The record page in create mode: every settable field, relations as keys; the record starts in the initial status. */
export default function NewRecordPage({ database }: { database: string }) {
  return <WithDatabase database={database}>{(def) => <NewRecordForm def={def} />}</WithDatabase>;
}

function NewRecordForm({ def }: { def: DatabaseDef }) {
  const [, navigate] = useLocation();
  const [fields, setFields] = useState<Record<string, FieldValue>>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const settable = def.fields.filter((f) => f.type !== 'formula' && f.type !== 'rollup');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { record } = await createRecord(def.id, fields);
      navigate(recordPath(record.key));
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  }

  return (
    <div className="page">
      <p className="crumbs">
        <Link href={`/databases/${encodeURIComponent(def.id)}`}>{def.name}</Link>
      </p>
      <h1>New {def.name} record</h1>
      <p className="muted small">
        It starts in {def.status.initial ?? def.status.values[0]}. Relations take keys, separated by ;. A key that names no record yet is kept and links once it exists.
      </p>
      <form onSubmit={submit} className="new-record">
        <dl className="fields">
          {settable.map((field) => (
            <div key={field.name} className="field-row">
              <dt>
                <label htmlFor={fieldAnchor(field.name)} title={field.description}>
                  {field.name}
                  {field.type === 'title' && ' *'}
                </label>
              </dt>
              <dd>
                <FieldEditor
                  field={field.type === 'relation' ? { ...field, type: field.many ? 'people' : 'text' } : field}
                  value={fields[field.name]}
                  onChange={(value) => setFields((current) => ({ ...current, [field.name]: value }))}
                />
              </dd>
            </div>
          ))}
        </dl>
        {error && <ErrorView error={error} />}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create record'}
          </button>
          <Link href={`/databases/${encodeURIComponent(def.id)}`} className="button ghost">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}

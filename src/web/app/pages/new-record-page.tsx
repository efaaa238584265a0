import { type FormEvent, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { ApiError } from '../api/client.ts';
import { createRecord } from '../api/mutations.ts';
import type { DatabaseDef, FieldDef, FieldValue, Unmet } from '../api/types.ts';
import { toApiError } from '../api/use-resource.ts';
import { ErrorView } from '../components/error-view.tsx';
import { FieldEditor } from '../components/field-editor.tsx';
import { UnmetList } from '../components/unmet-list.tsx';
import { WithDatabase } from '../components/with-database.tsx';
import { fieldAnchor, recordPath } from '../lib/format.ts';
import { waiverAskOf, waiverRequestFields } from '../lib/waiver-request.ts';

/**
 * The record page in create mode: every settable field, relations as keys, and the status (the initial
 * one unless chosen; a later one walks the lifecycle's gates, and a refusal lists each criterion with its step). Opened as a waiver request (`?waive=KEY&to=STATUS&criteria=…`, from a refused move),
 * it starts with what the waiver is for filled in.
 */
export default function NewRecordPage({ database }: { database: string }) {
  return <WithDatabase database={database}>{(def) => <NewRecordForm def={def} />}</WithDatabase>;
}

function NewRecordForm({ def }: { def: DatabaseDef }) {
  const [, navigate] = useLocation();
  const ask = waiverAskOf(useSearch());
  const [fields, setFields] = useState<Record<string, FieldValue>>(() => (ask && waiverRequestFields(def, ask)) || {});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const initial = def.status.initial ?? def.status.values[0] ?? '';
  const [status, setStatus] = useState(initial);
  const settable = waiverFieldsFirst(
    def,
    def.fields.filter((f) => f.type !== 'formula' && f.type !== 'rollup' && f.type !== 'signoff'),
    Boolean(ask),
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // A later status walks the lifecycle's gates from the initial one (ADR 042).
      const { record } = await createRecord(def.id, status === initial ? fields : { ...fields, [def.status.field]: status });
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
      <h1>{ask && def.waiver ? `Request a waiver for ${ask.record}` : `New ${def.name} record`}</h1>
      {ask && def.waiver && (
        <p className="waiver-ask" role="note">
          {ask.to ? `${ask.record} can't move to ${ask.to}` : `${ask.record} is held up`} until{' '}
          {ask.criteria.length === 1 ? 'this criterion is' : `these ${ask.criteria.length} criteria are`} met or waived: <code>{ask.criteria.join(', ')}</code>. Give the reason, an
          approver and an expiry; once this request is approved, move <Link href={recordPath(ask.record)}>{ask.record}</Link> with its key as the waiver.
        </p>
      )}
      <p className="muted small">
        It starts in {initial}; created in a later status, it must pass every gate on the way there. Relations take keys, separated by ;. A key that names no record yet is kept and
        links once it exists.
      </p>
      <form onSubmit={submit} className="new-record">
        <dl className="fields">
          <div className="field-row">
            <dt>
              <label htmlFor="new-record-status">{def.status.field}</label>
            </dt>
            <dd>
              <select id="new-record-status" value={status} onChange={(e) => setStatus(e.target.value)}>
                {def.status.values.map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </select>
            </dd>
          </div>
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
        {error && (error.details.unmet as Unmet[] | undefined)?.length ? (
          <div className="refusal" role="alert">
            <p className="refusal-title">{error.message}</p>
            <UnmetList unmet={error.details.unmet as Unmet[]} def={def} />
          </div>
        ) : (
          error && <ErrorView error={error} />
        )}
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

/** On a waiver request, the fields that say what is waived, why, by whom and until when come first. */
function waiverFieldsFirst(def: DatabaseDef, fields: FieldDef[], asking: boolean): FieldDef[] {
  const mapping = def.waiver;
  if (!asking || !mapping) return fields;
  const title = fields.find((f) => f.type === 'title')?.name;
  const first = [title, ...Object.keys(mapping.request ?? {}), mapping.record, mapping.criteria, mapping.rationale, mapping.approver, mapping.expires];
  const rank = (f: FieldDef) => {
    const at = first.indexOf(f.name);
    return at === -1 ? first.length : at;
  };
  return [...fields].sort((a, b) => rank(a) - rank(b));
}

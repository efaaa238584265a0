import { type FormEvent, useState } from 'react';
import type { ApiError } from '../api/client.ts';
import { signRecord } from '../api/mutations.ts';
import type { EosRecord, FieldDef, Signoff } from '../api/types.ts';
import { toApiError } from '../api/use-resource.ts';
import { fieldAnchor } from '../lib/format.ts';
import { ErrorView } from './error-view.tsx';

const isSignoff = (value: unknown): value is Signoff => typeof value === 'object' && value !== null && !Array.isArray(value) && 'verdict' in value;

/** The role that signs a field of this record: fixed, or mapped from a select (null while that select is unset). */
export function signingRole(field: FieldDef, record: EosRecord): string | null {
  if (!field.role) return null;
  if (typeof field.role === 'string') return field.role;
  const option = record.fields[field.role.field];
  return typeof option === 'string' ? (field.role.map[option] ?? null) : null;
}

/**
 * A `signoff` field on the record page (ADR 044): who signed what, and at which version, or that the
 * record changed since; and a Sign button that asks for GO or NO-GO and a note. The API decides who may
 * sign (the role, four-eyes) and says why not; a signature is never edited like a value.
 */
export function SignoffField({ field, record, disabledReason }: { field: FieldDef; record: EosRecord; disabledReason?: string | undefined }) {
  const value = record.fields[field.name];
  const signoff = isSignoff(value) ? value : null;
  const role = signingRole(field, record);
  const [open, setOpen] = useState(false);
  const [verdict, setVerdict] = useState<'go' | 'no_go'>('go');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const id = fieldAnchor(field.name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signRecord(record.key, record.version, field.name, verdict, note);
      setOpen(false);
      setNote('');
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signoff" id={id} tabIndex={-1}>
      <p className="signoff-state">
        {signoff ? (
          <>
            <span className={`verdict ${signoff.current ? signoff.verdict : 'stale'}`}>{signoff.verdict === 'go' ? 'GO' : 'NO-GO'}</span> by {signoff.by} ({signoff.role}
            {signoff.asAdmin ? ', as admin' : ''}) {signoff.at.slice(0, 16).replace('T', ' ')}
            {signoff.note && <span className="muted"> — {signoff.note}</span>}{' '}
            <span className={signoff.current ? 'muted small signoff-version' : 'warn small signoff-version'}>
              {signoff.current ? `signed at version ${signoff.version}` : `signed at version ${signoff.version}, record changed since: sign again`}
            </span>
          </>
        ) : (
          <span className="muted">Not signed{role ? ` — signed by ${role}` : ''}</span>
        )}
      </p>
      {!open && (
        <button type="button" className="ghost small" disabled={Boolean(disabledReason)} title={disabledReason} onClick={() => setOpen(true)}>
          Sign {field.name}
        </button>
      )}
      {open && (
        <form className="signoff-form" onSubmit={submit} aria-label={`Sign ${field.name}`}>
          <label>
            Verdict{' '}
            <select value={verdict} onChange={(e) => setVerdict(e.target.value === 'no_go' ? 'no_go' : 'go')}>
              <option value="go">GO</option>
              <option value="no_go">NO-GO</option>
            </select>
          </label>
          <label>
            Note <input type="text" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Why (kept with the signature)" />
          </label>
          <button type="submit" className="primary small" disabled={busy}>
            {busy ? 'Signing…' : 'Sign'}
          </button>
          <button
            type="button"
            className="ghost small"
            onClick={() => {
              setOpen(false);
              setError(undefined);
            }}
          >
            Cancel
          </button>
        </form>
      )}
      {error && <ErrorView error={error} />}
    </div>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { type ApiError, api, query } from '../api/client.ts';
import { archiveRecord, updateRecord } from '../api/mutations.ts';
import type { AuditEntry, DatabaseDef, Decision, FieldValue, GateReport, RecordWithRelations } from '../api/types.ts';
import { toApiError, useResource } from '../api/use-resource.ts';
import { AuditList } from '../components/audit-list.tsx';
import { DecisionList } from '../components/decision-list.tsx';
import { ErrorView } from '../components/error-view.tsx';
import { EvidencePanel } from '../components/evidence-panel.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { FieldEditor } from '../components/field-editor.tsx';
import { GatePanel } from '../components/gate-panel.tsx';
import { InverseRelations } from '../components/inverse-relations.tsx';
import { Loading } from '../components/loading.tsx';
import { MoveControl } from '../components/move-control.tsx';
import { RecordComments } from '../components/record-comments.tsx';
import { RelationEditor } from '../components/relation-editor.tsx';
import { SignoffField } from '../components/signoff-field.tsx';
import { SopChecklist } from '../components/sop-checklist.tsx';
import { fieldAnchor, recordPath } from '../lib/format.ts';
import { useSession } from '../session.tsx';

type Draft = Record<string, FieldValue>;

/** Moves the focus to a field's editor (an unmet criterion's link, or a `#field-…` address). */
export function focusField(field: string): void {
  const element = document.getElementById(fieldAnchor(field));
  if (!element) return;
  element.scrollIntoView({ block: 'center', behavior: 'smooth' });
  const focusable = element.matches('input, select, textarea, output, fieldset') ? element : element.querySelector<HTMLElement>('input, select, textarea, button');
  (focusable ?? element).focus({ preventScroll: true });
}

/** Archive (a soft delete: lists hide it, gates still read it) or restore; the banner says who archived it. */
function ArchiveButton({ record, writer }: { record: RecordWithRelations; writer: boolean }) {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const archived = record.archivedAt !== undefined;
  const act = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await archiveRecord(record.key, record.version, !archived);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {archived && (
        <p className="archived-banner" role="status">
          Archived by {record.archivedBy} on {record.archivedAt?.slice(0, 10)}: lists and search leave it out.
        </p>
      )}
      <button type="button" className="ghost" disabled={!writer || busy} title={writer ? undefined : 'Viewers cannot archive'} onClick={() => void act()}>
        {archived ? 'Restore' : 'Archive'}
      </button>
      {error && <ErrorView error={error} />}
    </>
  );
}

export default function RecordPage({ recordKey }: { recordKey: string }) {
  const path = `/records/${encodeURIComponent(recordKey)}`;
  const record = useResource<RecordWithRelations>(`${path}?include=relations`);
  const def = useResource<DatabaseDef>(record.data ? `/databases/${encodeURIComponent(record.data.database)}` : null);
  if (record.error && !record.data)
    return (
      <div className="page">
        <ErrorView error={record.error} />
      </div>
    );
  if (!record.data || !def.data) return <div className="page">{def.error ? <ErrorView error={def.error} /> : <Loading label={`Loading ${recordKey}`} lines={8} />}</div>;
  return <RecordView key={record.data.id} record={record.data} def={def.data} path={path} />;
}

function RecordView({ record, def, path }: { record: RecordWithRelations; def: DatabaseDef; path: string }) {
  const [draft, setDraft] = useState<Draft>({});
  const [saveError, setSaveError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const gates = useResource<GateReport>(`${path}/gates`);
  const preview = useGatePreview(path, draft);
  const audit = useResource<{ entries: AuditEntry[] }>(`${path}/audit`);
  const decisions = useResource<{ decisions: Decision[] }>(`/decisions${query({ record: record.key })}`);
  const dirty = Object.keys(draft).length;
  const { state } = useSession();
  // Who may tick the SOP: anyone signed in but a viewer (the API refuses a viewer anyway).
  const writer = state.status === 'signed-in' && state.user.role !== 'viewer' ? state.user.name : null;

  const save = useCallback(async () => {
    if (!Object.keys(draft).length) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      await updateRecord(record.key, record.version, draft);
      setDraft({});
    } catch (caught) {
      setSaveError(toApiError(caught));
    } finally {
      setSaving(false);
    }
  }, [draft, record.key, record.version]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

  useEffect(() => {
    const hash = decodeURIComponent(window.location.hash.slice(1));
    const field = def.fields.find((f) => fieldAnchor(f.name) === hash);
    if (field) requestAnimationFrame(() => focusField(field.name));
  }, [def]);

  const relationFields = def.fields.filter((f) => f.type === 'relation');
  const valueFields = def.fields.filter((f) => f.type !== 'relation');
  const report = dirty ? (preview.report ?? gates.data) : gates.data;

  return (
    <div className="page record-page">
      <header className="record-header">
        <div>
          <p className="crumbs">
            <Link href={`/databases/${encodeURIComponent(def.id)}`}>{def.name}</Link>
          </p>
          <h1>
            <span className="key">{record.key}</span> {headline(record, def)}
          </h1>
        </div>
        <div className="record-actions">
          <span className="status-pill large">{record.status}</span>
          <ExportLinks recordKey={record.key} />
          <ArchiveButton record={record} writer={writer !== null} />
          <MoveControl
            def={def}
            recordKey={record.key}
            status={record.status}
            report={gates.data}
            live={report}
            disabledReason={dirty ? 'Save or discard your edits first' : undefined}
            onFieldClick={focusField}
          />
        </div>
      </header>
      <div className="record-body">
        <div className="record-main">
          <section aria-labelledby="fields-title">
            <h2 id="fields-title">Fields</h2>
            <dl className="fields">
              {valueFields.map((field) => (
                <div key={field.name} className={field.name in draft ? 'field-row edited' : 'field-row'}>
                  <dt>
                    <label htmlFor={fieldAnchor(field.name)} title={field.description}>
                      {field.name}
                    </label>
                  </dt>
                  <dd>
                    {field.type === 'signoff' ? (
                      <SignoffField
                        field={field}
                        record={record}
                        disabledReason={dirty ? 'Save or discard your edits first: a signature covers the saved record' : writer ? undefined : "A viewer can't sign"}
                      />
                    ) : (
                      <FieldEditor
                        field={field}
                        value={field.name in draft ? draft[field.name] : record.fields[field.name]}
                        onChange={(value) => setDraft((current) => ({ ...current, [field.name]: value }))}
                      />
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
          {relationFields.length > 0 && (
            <section aria-labelledby="relations-title">
              <h2 id="relations-title">Relations</h2>
              <dl className="fields">
                {relationFields.map((field) => (
                  <div key={field.name} className="field-row">
                    <dt>{field.name}</dt>
                    <dd>
                      <RelationEditor field={field} record={record} related={record.relations?.[field.name] ?? []} />
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          )}
          {record.inverse && Object.keys(record.inverse).length > 0 && <InverseRelations inverse={record.inverse} />}
          <RecordComments recordKey={record.key} />
          <section aria-labelledby="activity-title">
            <h2 id="activity-title">Activity</h2>
            {audit.error && <ErrorView error={audit.error} />}
            {audit.data ? <AuditList entries={audit.data.entries} /> : !audit.error && <Loading label="Loading the audit trail" />}
          </section>
        </div>
        <aside className="record-side">
          <GatePanel
            def={def}
            report={report}
            error={dirty ? (preview.error ?? gates.error) : gates.error}
            previewing={dirty > 0 && Boolean(preview.report)}
            onFieldClick={focusField}
          />
          {def.definitionOfDone && (
            <section className="side-section">
              <h2>Definition of Done</h2>
              <p className="small">{def.definitionOfDone}</p>
            </section>
          )}
          {def.sop && def.sop.length > 0 && <SopChecklist recordKey={record.key} sop={def.sop} user={writer} />}
          {def.evidence?.statuses.includes(record.status) && <EvidencePanel recordKey={record.key} />}
          <section className="side-section" aria-labelledby="decisions-title">
            <h2 id="decisions-title">Decisions about this record</h2>
            {decisions.error && <ErrorView error={decisions.error} />}
            {decisions.data ? <DecisionList decisions={decisions.data.decisions} showRecord={false} /> : !decisions.error && <Loading lines={1} />}
            <Link href={`/decisions${query({ record: record.key, new: '1' })}`} className="small">
              Record a decision about {record.key} →
            </Link>
          </section>
        </aside>
      </div>
      {dirty > 0 && (
        <section className="save-bar" aria-label="Unsaved changes">
          <span>
            {dirty} unsaved {dirty === 1 ? 'change' : 'changes'}
          </span>
          {saveError && <ErrorView error={saveError} />}
          <button
            type="button"
            className="ghost"
            onClick={() => {
              setDraft({});
              setSaveError(undefined);
            }}
          >
            Discard
          </button>
          <button type="button" className="primary" onClick={() => void save()} disabled={saving} aria-keyshortcuts="Control+S Meta+S">
            {saving ? 'Saving…' : 'Save'}
          </button>
        </section>
      )}
      <p className="muted small record-meta">
        Version {record.version} · created by {record.createdBy} {record.createdAt.slice(0, 10)} · updated by {record.updatedBy} {record.updatedAt.slice(0, 16).replace('T', ' ')} ·{' '}
        <Link href={recordPath(record.key)}>{record.key}</Link>
        {record.recordedAs ? (
          <span className="recorded-as" title="Its status was taken as given when it came in, past no gate">
            {' '}
            · recorded as {record.recordedAs}
          </span>
        ) : null}
      </p>
    </div>
  );
}

/** The title, or where the title is the key (ECR-0001), the first text field's value ("Display glitches in sun"). */
function headline(record: RecordWithRelations, def: DatabaseDef): string {
  if (record.title !== record.key) return record.title;
  const text = def.fields.find((f) => f.type === 'text' && typeof record.fields[f.name] === 'string');
  return text ? String(record.fields[text.name]) : '';
}

/** POST /records/{key}/gates/preview over the unsaved edits, 250 ms after the last keystroke. */
function useGatePreview(path: string, draft: Draft): { report?: GateReport; error?: ApiError } {
  const [state, setState] = useState<{ report?: GateReport; error?: ApiError }>({});
  const body = JSON.stringify(draft);
  useEffect(() => {
    const fields = JSON.parse(body) as Draft;
    if (!Object.keys(fields).length) {
      setState({});
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      api
        .post<GateReport>(`${path}/gates/preview`, { fields })
        .then((report) => !cancelled && setState({ report }))
        .catch((caught: unknown) => !cancelled && setState({ error: toApiError(caught) }));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [path, body]);
  return state;
}

import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { ApiError } from '../api/client.ts';
import { importRecords } from '../api/mutations.ts';
import type { DatabaseSummary, ImportProblem, ImportReport, ImportRequest } from '../api/types.ts';
import { toApiError, useResource } from '../api/use-resource.ts';
import { ErrorView } from '../components/error-view.tsx';
import { ImportProblems, ImportReportView } from '../components/import-report-view.tsx';
import { Loading } from '../components/loading.tsx';
import { parseImportMappings } from '../lib/import-mappings.ts';
import { groupByModule } from '../lib/module-of.ts';
import { useSession } from '../session.tsx';

const FORMATS = [
  ['auto', 'Auto-detect'],
  ['plain', 'Plain CSV'],
  ['notion', 'Notion'],
  ['linear', 'Linear'],
  ['jira', 'Jira'],
] as const;
const VIEWER_REASON = "Viewers can't import: POST /imports, dry runs included, needs an editor role or above. Ask an admin to change your role.";

type Upload = { name: string; text: string };
type Previewed = { report: ImportReport; key: string };
type Outcome = { kind: 'preview' | 'done'; report: ImportReport; key: string } | { kind: 'refused'; error: ApiError; key: string };

/**
 * Import a CSV (plain, Notion, Linear or Jira) into a database: Preview is a dry run showing what would
 * happen and every bad cell; Import runs it for real, once the same choices were previewed.
 */
export default function ImportPage() {
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const { state } = useSession();
  const viewer = state.status === 'signed-in' && state.user.role === 'viewer';
  const admin = state.status === 'signed-in' && state.user.role === 'admin';
  const databases = useResource<{ databases: DatabaseSummary[] }>('/databases');
  const database = params.get('database') ?? '';
  const [upload, setUpload] = useState<Upload>();
  const [readError, setReadError] = useState<Error>();
  const [format, setFormat] = useState<ImportRequest['format']>('auto');
  const [timeZone, setTimeZone] = useState('UTC');
  const [columnLines, setColumnLines] = useState('');
  const [valueLines, setValueLines] = useState('');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [asRecorded, setAsRecorded] = useState(false);
  const [lastPreview, setLastPreview] = useState<Previewed>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState<'preview' | 'import'>();
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const mappings = parseImportMappings(columnLines, valueLines);
  const body =
    upload && database
      ? {
          database,
          csv: upload.text,
          file: upload.name,
          format,
          timeZone: timeZone.trim() || 'UTC',
          map: mappings.map,
          values: mappings.values,
          ...(asRecorded ? { asRecorded } : {}),
        }
      : undefined;
  // An import runs what was previewed: any change to the choices asks for a new preview.
  const key = body ? JSON.stringify(body) : '';
  const previewed = lastPreview?.key === key ? lastPreview.report : undefined;
  const databaseName = databases.data?.databases.find((db) => db.id === database)?.name ?? database;

  useEffect(() => {
    if (outcome) resultHeading.current?.focus();
  }, [outcome]);

  const chooseDatabase = (id: string) => navigate(`/import${id ? `?database=${encodeURIComponent(id)}` : ''}`, { replace: true });

  async function readFile(file: File | undefined) {
    setReadError(undefined);
    setUpload(undefined);
    if (!file) return;
    try {
      setUpload({ name: file.name, text: await file.text() });
    } catch (error) {
      setReadError(new Error(`${file.name} could not be read: ${(error as Error).message}`));
    }
  }

  async function run(dryRun: boolean) {
    if (!body) return;
    setBusy(dryRun ? 'preview' : 'import');
    try {
      // The preview skips invalid rows so it can count the good ones and list every bad cell; the import
      // itself is refused on any bad cell unless "Skip invalid rows" is ticked.
      const report = await importRecords({ ...body, dryRun, skipInvalid: dryRun || skipInvalid });
      setOutcome({ kind: dryRun ? 'preview' : 'done', report, key });
      // After the import, the same file again would change nothing: a new import starts with a new preview.
      setLastPreview(dryRun ? { report, key } : undefined);
    } catch (error) {
      setOutcome({ kind: 'refused', error: toApiError(error), key });
      if (dryRun) setLastPreview(undefined);
    } finally {
      setBusy(undefined);
    }
  }

  const preview = (event: FormEvent) => {
    event.preventDefault();
    void run(true);
  };
  const importReason = viewer ? VIEWER_REASON : !previewed ? 'Preview first: Import runs what the preview showed.' : undefined;
  const refusalAhead =
    previewed && previewed.problems.length > 0 && !skipInvalid
      ? `${previewed.skipped} row${previewed.skipped === 1 ? ' has' : 's have'} problems: the import will be refused unless you skip invalid rows.`
      : undefined;

  return (
    <div className="page import-page">
      <header className="page-header">
        <div>
          {database && (
            <p className="crumbs">
              <Link href={`/databases/${encodeURIComponent(database)}`}>{databaseName}</Link>
            </p>
          )}
          <h1>Import CSV</h1>
          <p className="muted small">
            A plain CSV or a Notion, Linear or Jira export, in one transaction through the gates, as <code>eos import csv</code> does. Columns match fields by name.
          </p>
        </div>
      </header>
      {viewer && (
        <p className="note" id="import-viewer-reason">
          {VIEWER_REASON}
        </p>
      )}
      <form className="import-form" onSubmit={preview}>
        <dl className="fields">
          <FormRow id="import-database" label="Database">
            {databases.error && <ErrorView error={databases.error} />}
            {!databases.data && !databases.error && <Loading label="Loading databases" />}
            {databases.data && (
              <select id="import-database" value={database} onChange={(e) => chooseDatabase(e.target.value)} required>
                <option value="">Choose a database…</option>
                {groupByModule(databases.data.databases).map((group) => (
                  <optgroup key={group.module} label={group.module}>
                    {group.databases.map((db) => (
                      <option key={db.id} value={db.id}>
                        {db.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </FormRow>
          <FormRow id="import-file" label="CSV file">
            <input id="import-file" type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} required />
            {upload && <p className="muted small">{upload.text.length.toLocaleString()} characters read</p>}
            {readError && <ErrorView error={readError} />}
          </FormRow>
          <FormRow id="import-format" label="Format">
            <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as ImportRequest['format'])}>
              {FORMATS.map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </FormRow>
          <FormRow id="import-time-zone" label="Time zone" hint={<>The zone Notion and Jira wrote their dates in (they say none). Linear's dates carry theirs.</>}>
            <input id="import-time-zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} list="import-time-zones" aria-describedby="import-time-zone-hint" />
            <datalist id="import-time-zones">
              {timeZones().map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </FormRow>
          <FormRow
            id="import-map"
            label="Column mappings"
            hint={
              <>
                One <code>Column=Field</code> a line; <code>Column=</code> leaves a column out.
              </>
            }
          >
            <textarea
              id="import-map"
              rows={3}
              value={columnLines}
              onChange={(e) => setColumnLines(e.target.value)}
              placeholder="Description=Problem"
              aria-describedby="import-map-hint"
              spellCheck={false}
            />
          </FormRow>
          <FormRow
            id="import-values"
            label="Value mappings"
            hint={
              <>
                One <code>Column:source value=eos value</code> a line, so the source's statuses and options become the database's.
              </>
            }
          >
            <textarea
              id="import-values"
              rows={3}
              value={valueLines}
              onChange={(e) => setValueLines(e.target.value)}
              placeholder="Status:Todo=Ready"
              aria-describedby="import-values-hint"
              spellCheck={false}
            />
          </FormRow>
        </dl>
        {mappings.problems.length > 0 && (
          <ul className="error-view" role="alert">
            {mappings.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        <label className="checkbox-label">
          <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
          Skip invalid rows (import the good rows; the bad ones can be downloaded with the reason for each)
        </label>
        {admin && (
          <label className="checkbox-label">
            <input type="checkbox" checked={asRecorded} onChange={(e) => setAsRecorded(e.target.checked)} />
            As recorded: take the statuses as given, past every gate (history from another tool; each record is marked imported and a decision names the file)
          </label>
        )}
        <div className="form-actions">
          <button type="submit" disabled={!body || viewer || mappings.problems.length > 0 || busy !== undefined} aria-describedby={viewer ? 'import-viewer-reason' : undefined}>
            {busy === 'preview' ? 'Previewing…' : 'Preview'}
          </button>
          <button type="button" className="primary" disabled={importReason !== undefined || busy !== undefined} onClick={() => void run(false)} aria-describedby="import-reason">
            {busy === 'import' ? 'Importing…' : 'Import'}
          </button>
          {(importReason ?? refusalAhead) && (
            <span className={importReason ? 'muted small' : 'warn small'} id="import-reason">
              {importReason ?? refusalAhead}
            </span>
          )}
        </div>
      </form>
      {outcome && (
        <section className="import-outcome" aria-labelledby="import-outcome-title">
          <h2 id="import-outcome-title" ref={resultHeading} tabIndex={-1}>
            {outcome.kind === 'preview' ? 'Preview' : outcome.kind === 'done' ? 'Imported' : 'Refused'}
            {outcome.key !== key && <span className="muted small"> (for earlier choices: preview again)</span>}
          </h2>
          {outcome.kind === 'refused' ? (
            <>
              <ErrorView error={outcome.error} listProblems={false} />
              {importProblemsOf(outcome.error) && <ImportProblems problems={importProblemsOf(outcome.error) ?? []} />}
            </>
          ) : (
            <ImportReportView report={outcome.report} databaseName={databaseName} />
          )}
        </section>
      )}
    </div>
  );
}

/** A refused import's bad cells, when the error carries them (a 400 `invalid_input` from importCsv). */
function importProblemsOf(error: ApiError): ImportProblem[] | undefined {
  const problems = error.details.problems;
  if (!Array.isArray(problems) || problems.length === 0) return undefined;
  return problems.every((p) => typeof p === 'object' && p !== null && 'row' in p && 'reason' in p) ? (problems as ImportProblem[]) : undefined;
}

function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: 'timeZone') => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return ['UTC', ...supported.filter((zone) => zone !== 'UTC')];
}

/** One labelled row of the form: the label, the control, and a hint the control is described by (`<id>-hint`). */
function FormRow({ id, label, hint, children }: { id: string; label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="field-row">
      <dt>
        <label htmlFor={id}>{label}</label>
      </dt>
      <dd>
        {children}
        {hint && (
          <p className="muted small" id={`${id}-hint`}>
            {hint}
          </p>
        )}
      </dd>
    </div>
  );
}

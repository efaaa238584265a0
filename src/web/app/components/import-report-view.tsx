import { Link } from 'wouter';
import type { ImportProblem, ImportReport } from '../api/types.ts';

/** The counts, format, unmapped columns, warnings and problems of an import, a dry run's in the conditional. */
export function ImportReportView({ report, databaseName }: { report: ImportReport; databaseName: string }) {
  const dry = report.dryRun;
  const counts: [string, number][] = [
    [dry ? 'would create' : 'created', report.created],
    [dry ? 'would update' : 'updated', report.updated],
    ['unchanged', report.unchanged],
    ['excluded', report.excluded],
    [dry ? 'invalid' : 'skipped', report.skipped],
  ];
  return (
    <div className="import-report">
      <p className="import-format">
        Read as <strong>{report.format}</strong> <span className="muted">({report.formatReason})</span>
      </p>
      <ul className="import-counts" aria-label={dry ? 'What the import would do' : 'What the import did'}>
        {counts.map(([label, count]) => (
          <li key={label} className={count > 0 ? 'nonzero' : undefined}>
            {label} <strong>{count}</strong>
          </li>
        ))}
      </ul>
      <p className="muted small">
        {report.rows} row{report.rows === 1 ? '' : 's'} in {report.file}.
      </p>
      {!dry && (
        <p>
          <Link href={`/databases/${encodeURIComponent(report.database)}`} className="button primary">
            Open {databaseName}
          </Link>
          {report.errorsCsv && (
            <a className="button ghost" href={`data:text/csv;charset=utf-8,${encodeURIComponent(report.errorsCsv)}`} download={errorsFileName(report.file)}>
              Download the skipped rows ({errorsFileName(report.file)})
            </a>
          )}
        </p>
      )}
      {report.unmapped.length > 0 && (
        <section aria-label="Unmapped columns">
          <h3>Unmapped columns</h3>
          <p className="muted small">These columns fill no field. Map them (Column=Field), or leave them out without a warning (Column=).</p>
          <ul className="chips">
            {report.unmapped.map((column) => (
              <li key={column} className="chip">
                {column}
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.warnings.length > 0 && (
        <section aria-label="Warnings">
          <h3>Warnings</h3>
          <ul className="import-warnings">
            {report.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </section>
      )}
      {report.problems.length > 0 && <ImportProblems problems={report.problems} />}
    </div>
  );
}

/** Every bad cell: its spreadsheet row, the column as the file names it, the value and why. */
export function ImportProblems({ problems }: { problems: readonly ImportProblem[] }) {
  return (
    <section aria-label="Problems">
      <h3>
        {problems.length} problem{problems.length === 1 ? '' : 's'}
      </h3>
      <div className="table-wrap">
        <table className="records import-problems">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Value</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the report's list is fixed, and a row may have two problems in one column
              <tr key={index}>
                <td>{p.row}</td>
                <td>{p.column}</td>
                <td>
                  <code>{p.value}</code>
                </td>
                <td>{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** What `eos import csv --skip-invalid` names the rejected rows' file. */
function errorsFileName(file: string): string {
  return `${file}.errors.csv`;
}

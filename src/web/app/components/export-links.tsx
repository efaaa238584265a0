/**
 * The record's Export button: downloads it as Markdown or PDF (GET /api/v1/records/{key}/export),
 * with the trend charts of a ritual record's snapshot. Plain links: the session cookie authenticates them.
 */
export function ExportLinks({ recordKey }: { recordKey: string }) {
  const href = (format: 'md' | 'pdf') => `/api/v1/records/${encodeURIComponent(recordKey)}/export?format=${format}`;
  return (
    <details className="export-menu">
      <summary className="button">Export</summary>
      <div className="export-menu-items">
        <a className="button" href={href('md')} download={`${recordKey}.md`}>
          Markdown
        </a>
        <a className="button" href={href('pdf')} download={`${recordKey}.pdf`}>
          PDF
        </a>
      </div>
    </details>
  );
}

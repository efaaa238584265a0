import { Link } from 'wouter';
import type { EosRecord, FieldDef } from '../api/types.ts';
import { formatValue, recordPath } from '../lib/format.ts';

/** A pending reference: shown with a warning, and a tooltip saying it links once that record exists. */
export function UnresolvedRef({ reference, database }: { reference: string; database?: string | undefined }) {
  const tip = `No record named '${reference}'${database ? ` in ${database}` : ''} yet: it will link by itself once that record exists.`;
  return (
    <span className="chip unresolved" title={tip} role="img" aria-label={`${reference} (unresolved): ${tip}`}>
      ⚠ {reference}
    </span>
  );
}

/** One field of a record, read-only: relations as links, URLs as links, pending references with a warning. */
export function FieldValueView({ field, record }: { field: FieldDef; record: EosRecord }) {
  const value = record.fields[field.name];
  if (field.type === 'relation') {
    const keys = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    const pending = record.unresolved?.[field.name] ?? [];
    if (!keys.length && !pending.length) return <span className="muted">—</span>;
    return (
      <span className="chips">
        {keys.map((key) => (
          <Link key={key} href={recordPath(key)} className="chip" onClick={(e) => e.stopPropagation()}>
            {key}
          </Link>
        ))}
        {pending.map((ref) => (
          <UnresolvedRef key={ref} reference={ref} database={field.to} />
        ))}
      </span>
    );
  }
  if ((field.type === 'url' || field.type === 'files') && value) {
    const urls = Array.isArray(value) ? value : [String(value)];
    return (
      <span className="chips">
        {urls.map((url) => (
          <a key={url} href={url} target="_blank" rel="noreferrer" className="chip" onClick={(e) => e.stopPropagation()}>
            {url.replace(/^https?:\/\//, '')}
          </a>
        ))}
      </span>
    );
  }
  if (field.type === 'checkbox') return <span>{value === true ? '☑' : '☐'}</span>;
  return <span className={value === null || value === undefined ? 'muted' : undefined}>{formatValue(value, field.type)}</span>;
}

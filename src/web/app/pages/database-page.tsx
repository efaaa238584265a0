import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { query } from '../api/client.ts';
import type { DatabaseDef, EosRecord } from '../api/types.ts';
import { useResource } from '../api/use-resource.ts';
import { BulkBar } from '../components/bulk-bar.tsx';
import { ColumnPicker } from '../components/column-picker.tsx';
import { ErrorView } from '../components/error-view.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { Loading } from '../components/loading.tsx';
import { RecordsBoard } from '../components/records-board.tsx';
import { RecordsTable } from '../components/records-table.tsx';
import { WithDatabase } from '../components/with-database.tsx';
import { storeColumns, storedColumns, titleField } from '../lib/columns.ts';
import { filterToCel } from '../lib/filter-to-cel.ts';

const PAGE = 200;

/** A database as a table (sort, filter, group, columns) or a board by status; the view lives in the URL. */
export default function DatabasePage({ database }: { database: string }) {
  return <WithDatabase database={database}>{(def) => <DatabaseView def={def} />}</WithDatabase>;
}

function DatabaseView({ def }: { def: DatabaseDef }) {
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const view = params.get('view') === 'board' ? 'board' : 'table';
  const filter = params.get('filter') ?? '';
  const sort = params.get('sort') ?? '';
  const groupBy = params.get('group') ?? '';
  const [columns, setColumns] = useState(() => storedColumns(def));
  const [limit, setLimit] = useState(PAGE);

  let where = '';
  try {
    where = filterToCel(filter, { fields: def.fields, statusField: def.status.field });
  } catch {
    where = '';
  }
  const archived = params.get('archived') === 'include' ? 'include' : undefined;
  const path = `/records${query({ database: def.id, where, sort, archived, limit: view === 'board' ? 1000 : limit })}`;
  // A filter that can't be read shows no rows: the previous filter's would read as its answer.
  const [filterProblem, setFilterProblem] = useState<string>();
  const records = useResource<{ records: EosRecord[]; nextCursor: string | null }>(filterProblem ? null : path);

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    const text = next.toString();
    navigate(`${location}${text ? `?${text}` : ''}`, { replace: true });
  };
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const select = (key: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  const groupFields = [def.status.field, ...def.fields.filter((f) => f.type === 'select').map((f) => f.name)];

  return (
    <div className="page wide-page">
      <header className="page-header">
        <div>
          <h1>{def.name}</h1>
          {def.purpose && <p className="muted small">{def.purpose}</p>}
        </div>
        <div className="page-actions">
          <Link href={`/import${query({ database: def.id })}`} className="button">
            Import CSV
          </Link>
          {/* The view on screen as CSV: its filter, sort and columns (a plain download: the session cookie signs it). */}
          <a
            className="button"
            download
            href={`/api/v1/records/export.csv${query({ database: def.id, where, sort, archived, columns: view === 'table' ? [titleField(def)?.name, ...columns].filter(Boolean).join(',') : undefined })}`}
          >
            Export CSV
          </a>
          <Link href={`/databases/${encodeURIComponent(def.id)}/new`} className="button primary">
            New record
          </Link>
        </div>
      </header>
      <div className="toolbar">
        <fieldset className="segmented">
          <legend className="visually-hidden">View</legend>
          <button type="button" aria-pressed={view === 'table'} onClick={() => setParam('view', '')}>
            Table
          </button>
          <button type="button" aria-pressed={view === 'board'} onClick={() => setParam('view', 'board')}>
            Board
          </button>
        </fieldset>
        <FilterBar key={filter} def={def} value={filter} onApply={(text) => setParam('filter', text)} onProblem={setFilterProblem} />
        <label className="inline-label">
          <input type="checkbox" checked={archived === 'include'} onChange={(e) => setParam('archived', e.target.checked ? 'include' : '')} />
          Show archived
        </label>
        {view === 'table' && (
          <>
            <label className="inline-label">
              Group by
              <select value={groupBy} onChange={(e) => setParam('group', e.target.value)}>
                <option value="">None</option>
                {groupFields.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <ColumnPicker
              def={def}
              columns={columns}
              onChange={(next) => {
                setColumns(next);
                storeColumns(def, next);
              }}
            />
          </>
        )}
      </div>
      {filterProblem && <p className="empty filter-problem">No records shown: fix the filter, or Clear it.</p>}
      {records.error && <ErrorView error={records.error} />}
      {!filterProblem && !records.data && !records.error && <Loading label="Loading records" lines={8} />}
      {records.data && !records.error && view === 'table' && (
        <>
          {selected.size > 0 && <BulkBar def={def} keys={[...selected]} />}
          <RecordsTable
            def={def}
            records={records.data.records}
            columns={columns}
            sort={sort}
            onSort={(next) => setParam('sort', next)}
            groupBy={groupBy}
            selected={selected}
            onSelect={select}
          />
          {records.data.nextCursor && (
            <button type="button" className="ghost load-more" onClick={() => setLimit(limit + PAGE)}>
              Show {PAGE} more
            </button>
          )}
        </>
      )}
      {records.data && !records.error && view === 'board' && <RecordsBoard def={def} records={records.data.records} />}
    </div>
  );
}

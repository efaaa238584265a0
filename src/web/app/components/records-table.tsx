import { Link, useLocation } from 'wouter';
import type { DatabaseDef, EosRecord } from '../api/types.ts';
import { titleField } from '../lib/columns.ts';
import { formatValue, recordPath } from '../lib/format.ts';
import { FieldValueView } from './field-value.tsx';
import { Empty } from './loading.tsx';

export type TableProps = {
  def: DatabaseDef;
  records: readonly EosRecord[];
  columns: readonly string[];
  sort: string;
  onSort: (sort: string) => void;
  groupBy: string;
  /** Bulk edit: the keys ticked, and how a tick changes them (no checkboxes without). */
  selected?: ReadonlySet<string>;
  onSelect?: (key: string, on: boolean) => void;
};

/** `Field` → `-Field` → unsorted: the three states a column header cycles through. */
function nextSort(current: string, field: string): string {
  if (current === field) return `-${field}`;
  if (current === `-${field}`) return '';
  return field;
}

export function RecordsTable({ def, records, columns, sort, onSort, groupBy, selected, onSelect }: TableProps) {
  const [, navigate] = useLocation();
  const title = titleField(def);
  const fields = columns.map((name) => def.fields.find((f) => f.name === name)).filter((f) => f !== undefined);
  const header = (label: string, sortKey: string) => {
    const state = sort === sortKey ? 'ascending' : sort === `-${sortKey}` ? 'descending' : 'none';
    return (
      <th key={sortKey} aria-sort={state} scope="col">
        <button type="button" className="th-button" onClick={() => onSort(nextSort(sort, sortKey))}>
          {label}
          <span className="sort-mark" aria-hidden="true">
            {state === 'ascending' ? '↑' : state === 'descending' ? '↓' : ''}
          </span>
        </button>
      </th>
    );
  };
  if (!records.length) return <Empty>No records match.</Empty>;

  const groups = groupRecords(def, records, groupBy);
  return (
    <div className="table-wrap">
      <table className="records">
        <thead>
          <tr>
            {header(title?.name ?? 'Key', title?.name ?? 'key')}
            {header(def.status.field, 'status')}
            {fields.map((field) => header(field.name, field.name))}
            {header('Updated', 'updatedAt')}
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.label}>
            {groupBy && (
              <tr className="group-row">
                <th colSpan={fields.length + 3} scope="rowgroup">
                  {group.label} <span className="count">{group.records.length}</span>
                </th>
              </tr>
            )}
            {group.records.map((record) => (
              <tr key={record.id} onClick={() => navigate(recordPath(record.key))} className="clickable">
                <td className="title-cell">
                  {onSelect && (
                    <input
                      type="checkbox"
                      className="row-select"
                      aria-label={`Select ${record.key}`}
                      checked={selected?.has(record.key) ?? false}
                      onClick={(e) => e.stopPropagation()}
                      onChange={(e) => onSelect(record.key, e.target.checked)}
                    />
                  )}
                  <Link href={recordPath(record.key)} onClick={(e) => e.stopPropagation()}>
                    {record.key !== record.title && <span className="key">{record.key}</span>}
                    {record.title}
                  </Link>
                  {record.archivedAt && <span className="muted small archived-tag">archived</span>}
                </td>
                <td>
                  <span className="status-pill">{record.status}</span>
                </td>
                {fields.map((field) => (
                  <td key={field.name}>
                    <FieldValueView field={field} record={record} />
                  </td>
                ))}
                <td className="muted nowrap">{record.updatedAt.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

/** Records split by a select field's value (in the order of its options, unset last), or one group. */
export function groupRecords(def: DatabaseDef, records: readonly EosRecord[], groupBy: string): { label: string; records: EosRecord[] }[] {
  if (!groupBy) return [{ label: 'All', records: [...records] }];
  const isStatus = groupBy === def.status.field;
  const order = isStatus ? def.status.values : (def.fields.find((f) => f.name === groupBy)?.options ?? []);
  const groups = new Map<string, EosRecord[]>();
  for (const record of records) {
    const label = isStatus ? record.status : formatValue(record.fields[groupBy] ?? null);
    groups.set(label, [...(groups.get(label) ?? []), record]);
  }
  const rank = (label: string) => (order.indexOf(label) === -1 ? order.length + (label === '—' ? 1 : 0) : order.indexOf(label));
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([label, list]) => ({ label, records: list }));
}

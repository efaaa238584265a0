import type { ReactNode } from 'react';
import type { Resource } from '../api/use-resource.ts';
import { ErrorView } from './error-view.tsx';
import { Loading } from './loading.tsx';

/**
 * One admin list (users, tokens, channels): its heading, the error or a loading placeholder
 * until the resource answers, then a table of the given columns (the last one unnamed, for the
 * row's buttons) whose rows the page renders from the data.
 */
export function AdminTable<T>({
  title,
  resource,
  lines,
  columns,
  rows,
}: {
  title: string;
  resource: Resource<T>;
  lines: number;
  columns: readonly string[];
  rows: (data: T) => ReactNode;
}) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {resource.error && <ErrorView error={resource.error} />}
      {!resource.data && !resource.error && <Loading label={`Loading ${title.toLowerCase()}`} lines={lines} />}
      {resource.data && (
        <table className="table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>{rows(resource.data)}</tbody>
        </table>
      )}
    </section>
  );
}

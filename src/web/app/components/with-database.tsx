import type { ReactNode } from 'react';
import type { DatabaseDef } from '../api/types.ts';
import { useResource } from '../api/use-resource.ts';
import { ErrorView } from './error-view.tsx';
import { Loading } from './loading.tsx';

/** Loads a database's definition, showing the API's error or a loading state, then renders `children` with it. */
export function WithDatabase({ database, children }: { database: string; children: (def: DatabaseDef) => ReactNode }) {
  const def = useResource<DatabaseDef>(`/databases/${encodeURIComponent(database)}`);
  if (def.error)
    return (
      <div className="page">
        <ErrorView error={def.error} />
      </div>
    );
  if (!def.data)
    return (
      <div className="page">
        <Loading label="Loading the database" />
      </div>
    );
  return children(def.data);
}

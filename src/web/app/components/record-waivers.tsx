import { Link } from 'wouter';
import { query } from '../api/client.ts';
import type { DatabaseDef, DatabaseSummary, EosRecord } from '../api/types.ts';
import { useResource } from '../api/use-resource.ts';
import { celQuote } from '../lib/filter-to-cel.ts';
import { recordPath } from '../lib/format.ts';

/**
 * "Waivers:": the records of the workspace's waivers database that name this record, with their
 * status, each a link; "none" when there are none. Nothing shows without a waivers database.
 */
export function RecordWaivers({ recordKey }: { recordKey: string }) {
  const { data: list } = useResource<{ databases: DatabaseSummary[] }>('/databases');
  const waiversId = list?.databases.find((d) => d.role === 'waivers')?.id;
  const { data: def } = useResource<DatabaseDef>(waiversId ? `/databases/${encodeURIComponent(waiversId)}` : null);
  const field = def?.waiver?.record;
  const path = def && field ? `/records${query({ database: def.id, where: `record[${celQuote(field)}] == ${celQuote(recordKey)}`, sort: '-createdAt', limit: 20 })}` : null;
  const { data, error } = useResource<{ records: EosRecord[] }>(path);
  if (!waiversId || !def?.waiver) return null;
  return (
    <p className="record-waivers small">
      <span className="muted">Waivers: </span>
      {error && <span className="bad">{error.message}</span>}
      {!data && !error && <span className="muted">…</span>}
      {data && data.records.length === 0 && <span className="muted">none</span>}
      {data?.records.map((waiver, i) => (
        <span key={waiver.key}>
          {i > 0 && ', '}
          <Link href={recordPath(waiver.key)}>{waiver.key}</Link> <span className="muted">({waiver.status})</span>
        </span>
      ))}
    </p>
  );
}

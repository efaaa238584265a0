import { Link } from 'wouter';
import type { DatabaseSummary, Unmet } from '../api/types.ts';
import { useResource } from '../api/use-resource.ts';
import { waiverRequestPath } from '../lib/waiver-request.ts';

export type WaiverRequestLinkProps = { recordKey: string; to: string; unmet: readonly Unmet[] };

/**
 * "Request a waiver…": opens a new record in the workspace's waivers database with the refused
 * move's criteria filled in. Nothing shows when the workspace has no waivers database.
 */
export function WaiverRequestLink({ recordKey, to, unmet }: WaiverRequestLinkProps) {
  const { data } = useResource<{ databases: DatabaseSummary[] }>('/databases');
  const waivers = data?.databases.find((d) => d.role === 'waivers');
  if (!waivers || unmet.length === 0) return null;
  const criteria = unmet.map((u) => `${u.gate}/${u.criterion}`);
  return (
    <Link
      className="button ghost small"
      href={waiverRequestPath(waivers.id, { record: recordKey, to, criteria })}
      title={`Ask for an approved ${waivers.name} record that waives ${criteria.join(', ')}`}
    >
      Request a waiver…
    </Link>
  );
}

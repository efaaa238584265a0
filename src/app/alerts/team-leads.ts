import { peopleOf } from '../../core/alerts/people-of.ts';
import { listRecordRows } from '../../store/record-rows.ts';
import type { Db } from '../../store/store.ts';

/**
 * Each team's lead as the Teams database names it (`Team Lead`), by the team's name (its key):
 * whom an alert about a team, or escalated to its lead, must reach. A pack with no teams
 * database, or a team with no lead, gives none.
 *
 * @example await teamLeads(db, ws) // Map { 'Feature Team A' => ['dana@example.com'] }
 */
export async function teamLeads(db: Db, workspaceId: string): Promise<Map<string, string[]>> {
  const teams = await listRecordRows(db, workspaceId, { database: 'teams' });
  return new Map(teams.map((t) => [t.key, peopleOf(t.fields['Team Lead'])]));
}

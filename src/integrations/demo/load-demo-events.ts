import { setTeamSettings } from '../../app/delivery-scope.ts';
import { type IngestResult, ingestEvents } from '../../app/ingest-events.ts';
import type { Session } from '../../app/session.ts';
import { DEMO_PROJECTS, demoEventHistory } from './demo-event-history.ts';

export interface DemoEventsReport {
  readonly days: number;
  readonly pullRequests: number;
  readonly deployments: number;
  readonly incidents: number;
  readonly stored: IngestResult;
}

/**
 * `eos init --demo`'s event history: 90 days up to today (the session's clock), ingested like
 * any other batch, with each demo repository's project owned by one of the pack's starter teams.
 */
export async function loadDemoEvents(session: Session, days = 90): Promise<DemoEventsReport> {
  const batch = demoEventHistory({ until: session.clock(), days });
  const stored = await ingestEvents(session, batch, { source: 'the demo event history' });
  for (const p of DEMO_PROJECTS) await setTeamSettings(session, { team: p.team, projects: [p.project] });
  return { days, pullRequests: batch.pullRequests.length, deployments: batch.deployments.length, incidents: batch.incidents.length, stored };
}

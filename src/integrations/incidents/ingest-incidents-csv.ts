import { parse } from 'csv-parse/sync';
import { type IngestResult, ingestEvents } from '../../app/ingest-events.ts';
import type { Session } from '../../app/session.ts';
import { invalidInput } from '../../core/errors.ts';
import { type IncidentSource, incidentSource, opsgenieIncident, pagerDutyAck, pagerDutyIncident } from './incident-sources.ts';

export interface IngestIncidentsCsvOptions {
  readonly file: string;
  readonly text: string;
  readonly project?: string;
}

export interface IngestIncidentsReport {
  readonly file: string;
  readonly source: IncidentSource;
  readonly incidents: number;
  readonly stored: IngestResult;
}

/**
 * `eos ingest incidents <file>`: a CSV whose `data` column holds one PagerDuty or Opsgenie
 * incident as JSON per row (DevLake's raw tables have this shape). Rows repeated by several
 * collections (same id) count once; a row that isn't JSON, or is neither tool's, is reported
 * with its row number and nothing is stored.
 */
export async function ingestIncidentsCsv(session: Session, options: IngestIncidentsCsvOptions): Promise<IngestIncidentsReport> {
  const rows = parse(options.text.replace(/^\ufeff/, ''), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  if (rows.length > 0 && !('data' in (rows[0] ?? {})))
    throw invalidInput(`${options.file} has no 'data' column: eos reads incident JSON from it, one per row`, { file: options.file });
  const problems: { row: number; column: string; value: string; reason: string }[] = [];
  const sources = new Set<IncidentSource>();
  const incidents = new Map<string, ReturnType<typeof pagerDutyIncident>>();
  // PagerDuty's first acknowledgement of each incident (the on-call response the p1-unacknowledged alert reads).
  const acks = new Map<string, NonNullable<ReturnType<typeof pagerDutyAck>>>();
  for (const [i, row] of rows.entries()) {
    const problem = (reason: string) => problems.push({ row: i + 2, column: 'data', value: (row.data ?? '').slice(0, 40), reason }); // the header is row 1
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(row.data ?? '') as Record<string, unknown>;
    } catch (error) {
      problem(`is not JSON: ${(error as Error).message}`);
      continue;
    }
    const source = incidentSource(data);
    if (!source) {
      problem('is neither a PagerDuty nor an Opsgenie incident');
      continue;
    }
    sources.add(source);
    const incident = source === 'pagerduty' ? pagerDutyIncident(data, options.project) : opsgenieIncident(data, options.project);
    incidents.set(incident.id, incident);
    const ack = source === 'pagerduty' ? pagerDutyAck(data) : undefined;
    if (ack) acks.set(ack.incidentId, ack);
  }
  if (problems.length > 0) throw invalidInput(`${options.file}: ${problems.length} bad rows; nothing was ingested`, { problems });
  if (sources.size > 1) throw invalidInput(`${options.file} mixes PagerDuty and Opsgenie incidents; load one tool's file at a time`, { file: options.file });
  const stored = await ingestEvents(session, { incidents: [...incidents.values()], ...(acks.size > 0 ? { incidentAcks: [...acks.values()] } : {}) }, { source: options.file });
  return { file: options.file, source: [...sources][0] ?? 'pagerduty', incidents: incidents.size, stored };
}

import type { EventBatchInput } from '../../core/metrics/event-batch.ts';

type IncidentInput = NonNullable<EventBatchInput['incidents']>[number];
type Json = Record<string, unknown>;

export type IncidentSource = 'pagerduty' | 'opsgenie';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Which tool an incident object came from, by the fields only it has. */
export function incidentSource(data: Json): IncidentSource | undefined {
  if ('incident_number' in data || data.type === 'incident') return 'pagerduty';
  if ('tinyId' in data) return 'opsgenie';
  return undefined;
}

/**
 * A PagerDuty REST v2 incident. Older API versions have no `resolved_at`: the resolve log
 * entry says when, else `last_status_change_at` once the status is resolved. The service's
 * name is the project unless one is given (in eos a service's name is a project).
 */
export function pagerDutyIncident(data: Json, project?: string): IncidentInput {
  const service = str((data.service as Json | undefined)?.summary);
  const logs = (data.log_entries as Json[] | undefined) ?? [];
  const resolvedLog = logs
    .filter((l) => l.type === 'resolve_log_entry')
    .map((l) => String(l.created_at))
    .sort()[0];
  const resolvedAt = str(data.resolved_at) ?? resolvedLog ?? (data.status === 'resolved' ? str(data.last_status_change_at) : null);
  return {
    id: `pagerduty:${String(data.id)}`,
    project: project ?? service,
    title: str(data.title) ?? str(data.summary),
    severity: str((data.priority as Json | null | undefined)?.summary) ?? str(data.urgency),
    service,
    createdAt: String(data.created_at),
    resolvedAt,
  };
}

/**
 * A PagerDuty REST v2 incident's first acknowledgement: its earliest `acknowledge_log_entry`
 * (by the entry's agent), else its earliest `acknowledgements` entry; none when it was never acknowledged.
 */
export function pagerDutyAck(data: Json): { incidentId: string; by: string | null; at: string } | undefined {
  const fromLogs = ((data.log_entries as Json[] | undefined) ?? [])
    .filter((l) => l.type === 'acknowledge_log_entry' && str(l.created_at))
    .map((l) => ({ at: String(l.created_at), by: str((l.agent as Json | undefined)?.summary) }));
  const fromList = ((data.acknowledgements as Json[] | undefined) ?? [])
    .filter((a) => str(a.at))
    .map((a) => ({ at: String(a.at), by: str((a.acknowledger as Json | undefined)?.summary) }));
  const [first] = (fromLogs.length > 0 ? fromLogs : fromList).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return first ? { incidentId: `pagerduty:${String(data.id)}`, by: first.by, at: first.at } : undefined;
}

/** An Opsgenie v1 incident: impact start and end when known, else created and (once resolved or closed) updated. */
export function opsgenieIncident(data: Json, project?: string): IncidentInput {
  const service = str((data.impactedServices as unknown[] | undefined)?.[0]);
  const done = data.status === 'resolved' || data.status === 'closed';
  return {
    id: `opsgenie:${String(data.id)}`,
    project: project ?? service,
    title: str(data.message),
    severity: str(data.priority),
    service,
    createdAt: str(data.impactStartDate) ?? String(data.createdAt),
    resolvedAt: done ? (str(data.impactEndDate) ?? str(data.updatedAt)) : null,
  };
}

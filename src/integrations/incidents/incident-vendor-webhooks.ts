import type { IncidentUpdate } from './incident-webhook.ts';

type Json = Record<string, unknown>;

/** An incident acknowledgement as `eos ingest events` takes it (`incidentAcks`). */
export interface VendorAck {
  readonly incidentId: string;
  readonly by: string | null;
  readonly at: string;
}

export const INCIDENT_VENDORS = ['pagerduty', 'opsgenie', 'incident.io'] as const;
export type IncidentVendor = (typeof INCIDENT_VENDORS)[number];

/** What one vendor delivery says: the incident's fields it carries, and an acknowledgement when it is one. */
export type VendorIncidentEvent =
  | { readonly vendor: IncidentVendor; readonly incident: IncidentUpdate; readonly acks: readonly VendorAck[] }
  | { readonly vendor: IncidentVendor; readonly ignored: string };

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
/** A time as ISO-8601: an ISO text, or Opsgenie's epoch number (milliseconds, or nanoseconds for `updatedAt`). */
function time(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v > 1e14 ? Math.floor(v / 1e6) : v).toISOString();
  const text = str(v);
  return text && !Number.isNaN(Date.parse(text)) ? new Date(text).toISOString() : undefined;
}
/** Only the keys that have a value: an update leaves the others as stored. */
const defined = <T extends Json>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * Which vendor's webhook a payload is, by its shape: PagerDuty V3 (`event.event_type`), the
 * Opsgenie webhook integration (`action` + `alert.alertId`), incident.io (`event_type`
 * `public_incident.…`). Undefined for anything else (the generic incident payload).
 */
export function incidentVendorOf(payload: unknown): IncidentVendor | undefined {
  const p = obj(payload);
  if (!p) return undefined;
  if (str(obj(p.event)?.event_type) && obj(p.event)?.resource_type !== undefined) return 'pagerduty';
  if (str(p.action) && str(obj(p.alert)?.alertId)) return 'opsgenie';
  if (str(p.event_type)?.startsWith('public_incident.')) return 'incident.io';
  return undefined;
}

/**
 * A PagerDuty V3 webhook event (https://developer.pagerduty.com/docs/webhooks-overview): an
 * `incident.*` event updates incident `pagerduty:<id>` (as `eos ingest incidents` names it) with
 * its title, service and priority (else urgency); `incident.triggered` gives its start,
 * `incident.acknowledged` is an acknowledgement by the agent, `incident.resolved` its end, each at
 * the event's `occurred_at`.
 */
export function pagerDutyWebhook(payload: Json): VendorIncidentEvent {
  const event = obj(payload.event) ?? {};
  const type = str(event.event_type) ?? '';
  const data = obj(event.data) ?? {};
  const at = time(event.occurred_at);
  if (event.resource_type !== 'incident' || !str(data.id) || !at)
    return { vendor: 'pagerduty', ignored: `a PagerDuty ${type || 'event'} is not about an incident; it changes nothing` };
  const id = `pagerduty:${String(data.id)}`;
  const service = str(obj(data.service)?.summary);
  const incident = defined({
    id,
    title: str(data.title),
    service,
    project: service,
    severity: str(obj(data.priority)?.summary) ?? str(data.urgency),
    createdAt: type === 'incident.triggered' ? (time(data.created_at) ?? at) : time(data.created_at),
    resolvedAt: type === 'incident.resolved' ? at : undefined,
  }) as IncidentUpdate;
  const acks = type === 'incident.acknowledged' ? [{ incidentId: id, by: str(obj(event.agent)?.summary) ?? null, at }] : [];
  return { vendor: 'pagerduty', incident, acks };
}

/**
 * An Opsgenie webhook integration delivery (an alert action): alert `opsgenie:<alertId>` is the
 * incident, created at `createdAt`, with its message and priority (3 → P3); `Acknowledge` is an
 * acknowledgement by `username`, `Close` its end, each at `updatedAt`.
 */
export function opsgenieWebhook(payload: Json): VendorIncidentEvent {
  const alert = obj(payload.alert) ?? {};
  const action = str(payload.action) ?? '';
  const id = `opsgenie:${String(alert.alertId)}`;
  const at = time(alert.updatedAt);
  const priority = typeof alert.priority === 'number' ? `P${alert.priority}` : str(alert.priority);
  const incident = defined({
    id,
    title: str(alert.message),
    severity: priority,
    createdAt: time(alert.createdAt),
    resolvedAt: action === 'Close' ? at : undefined,
  }) as IncidentUpdate;
  const acks = action === 'Acknowledge' && at ? [{ incidentId: id, by: str(alert.username) ?? null, at }] : [];
  return { vendor: 'opsgenie', incident, acks };
}

/** incident.io's status categories past triage: someone took the incident on. */
const ACCEPTED = new Set(['active', 'post-incident', 'closed', 'learning']);
const RESOLVED = new Set(['post-incident', 'closed', 'learning']);

/**
 * An incident.io webhook (`public_incident.incident_created_v2`, `…_updated_v2`,
 * https://api-docs.incident.io/tag/Webhooks): incident `incident.io:<id>` with its name and
 * severity, created at `created_at`. Its acknowledgement is the `Accepted at` (or
 * `Acknowledged at`) timestamp, else `updated_at` once its status is past triage; it ends at its
 * `Resolved at` timestamp, else `updated_at` once its status is post-incident or closed.
 */
export function incidentIoWebhook(payload: Json): VendorIncidentEvent {
  const type = str(payload.event_type) ?? '';
  const body = obj(payload[type]);
  if (!body || !str(body.id) || !type.startsWith('public_incident.incident_'))
    return { vendor: 'incident.io', ignored: `an incident.io ${type || 'event'} is not about an incident; it changes nothing` };
  const id = `incident.io:${String(body.id)}`;
  const stamps = new Map(
    ((body.incident_timestamp_values as unknown[] | undefined) ?? []).map((t) => [
      String(obj(obj(t)?.incident_timestamp)?.name ?? '').toLowerCase(),
      time(obj(obj(t)?.value)?.value),
    ]),
  );
  const category = str(obj(body.incident_status)?.category) ?? '';
  const updated = time(body.updated_at);
  const acceptedAt = stamps.get('accepted at') ?? stamps.get('acknowledged at') ?? (ACCEPTED.has(category) ? updated : undefined);
  const resolvedAt = stamps.get('resolved at') ?? (RESOLVED.has(category) ? updated : undefined);
  const lead = ((body.incident_role_assignments as unknown[] | undefined) ?? []).map(obj).find((a) => obj(a?.role)?.role_type === 'lead');
  const incident = defined({ id, title: str(body.name), severity: str(obj(body.severity)?.name), createdAt: time(body.created_at), resolvedAt }) as IncidentUpdate;
  const by = str(obj(lead?.assignee)?.email) ?? str(obj(lead?.assignee)?.name) ?? null;
  return { vendor: 'incident.io', incident, acks: acceptedAt ? [{ incidentId: id, by, at: acceptedAt }] : [] };
}

/** A vendor delivery read by its vendor's mapping. */
export function vendorIncidentEvent(vendor: IncidentVendor, payload: Json): VendorIncidentEvent {
  return vendor === 'pagerduty' ? pagerDutyWebhook(payload) : vendor === 'opsgenie' ? opsgenieWebhook(payload) : incidentIoWebhook(payload);
}

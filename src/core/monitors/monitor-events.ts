import { z } from 'zod';
import { expecting, optionalText, text, timestamp } from '../metrics/event-fields.ts';

/**
 * The monitor signals `eos ingest events` carries beside delivery events: what production
 * alerts and on-call rules read (docs/ingest.md, docs/alerts.md). Each list is optional; each
 * entry has an id, unique within its list, and re-ingesting it with the same values changes
 * nothing. Times are ISO-8601 with a zone, normalised to UTC.
 */

const finite = z.number(expecting('a number')).refine(Number.isFinite, 'must be a finite number');
const nonNegative = finite.refine((n) => n >= 0, 'must be 0 or more');

/** One measurement of a service level: e.g. `latency_p95_seconds` or `mutation_kill_rate` (a percentage). */
export const sloSampleSchema = z.strictObject({
  id: text,
  service: text,
  /** What was measured, in snake_case: `latency_p95_seconds`, `mutation_kill_rate`, `error_rate`… */
  metric: text.regex(/^[a-z][a-z0-9_]*$/, 'must be a snake_case name, e.g. latency_p95_seconds'),
  value: finite,
  at: timestamp,
});

/** A job (a pipeline, a flow, a batch run) that failed. */
export const jobFailureSchema = z.strictObject({
  id: text,
  job: text,
  service: optionalText,
  reason: optionalText,
  at: timestamp,
});

/** Money spent, e.g. one model API bill line; `currency` defaults to USD. */
export const spendSchema = z.strictObject({
  id: text,
  /** What the money was spent on or by: an account, a model, a repo. */
  account: optionalText,
  amount: nonNegative,
  currency: text
    .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter currency code, e.g. USD')
    .transform((c) => c.toUpperCase())
    .default('USD'),
  at: timestamp,
});

/** How much of a quota is used at a moment: `used` of `limit` (tokens, dollars, requests…). */
export const quotaSampleSchema = z.strictObject({
  id: text,
  account: optionalText,
  used: nonNegative,
  limit: finite.refine((n) => n > 0, 'must be more than 0'),
  at: timestamp,
});

/** An incident acknowledged by someone on call, keyed by the incident: a later acknowledgement ingested for it replaces the stored one. */
export const incidentAckSchema = z.strictObject({
  incidentId: text,
  by: optionalText,
  at: timestamp,
});

export const MONITOR_EVENT_KINDS = ['sloSamples', 'jobFailures', 'spend', 'quota', 'incidentAcks'] as const;
export type MonitorEventKind = (typeof MONITOR_EVENT_KINDS)[number];

export const monitorEventLists = {
  sloSamples: z.array(sloSampleSchema, expecting('a list')).default([]),
  jobFailures: z.array(jobFailureSchema, expecting('a list')).default([]),
  spend: z.array(spendSchema, expecting('a list')).default([]),
  quota: z.array(quotaSampleSchema, expecting('a list')).default([]),
  incidentAcks: z.array(incidentAckSchema, expecting('a list')).default([]),
};

export type SloSample = z.output<typeof sloSampleSchema>;
export type JobFailure = z.output<typeof jobFailureSchema>;
export type Spend = z.output<typeof spendSchema>;
export type QuotaSample = z.output<typeof quotaSampleSchema>;
export type IncidentAck = z.output<typeof incidentAckSchema>;

export interface MonitorEvents {
  readonly sloSamples: readonly SloSample[];
  readonly jobFailures: readonly JobFailure[];
  readonly spend: readonly Spend[];
  readonly quota: readonly QuotaSample[];
  readonly incidentAcks: readonly IncidentAck[];
}

/** The stored form of one monitor event: one row of `monitor_events`, keyed by (kind, id). */
export interface MonitorEventRow {
  readonly kind: MonitorEventKind;
  readonly id: string;
  readonly at: string;
  /** The service, job, account or incident the event is about. */
  readonly subject: string | null;
  readonly service: string | null;
  readonly metric: string | null;
  readonly value: number | null;
  readonly quota_limit: number | null;
  readonly actor: string | null;
  readonly detail: string | null;
}

const row = (kind: MonitorEventKind, id: string, at: string, fields: Partial<MonitorEventRow>): MonitorEventRow => ({
  kind,
  id,
  at,
  subject: null,
  service: null,
  metric: null,
  value: null,
  quota_limit: null,
  actor: null,
  detail: null,
  ...fields,
});

/**
 * Flattens a batch's monitor events into rows, kind by kind in MONITOR_EVENT_KINDS order.
 *
 * @example monitorEventRows({ ...empty, quota: [{ id: 'q1', account: 'claude', used: 850, limit: 1000, at: '2026-01-10T09:00:00.000Z' }] })
 */
export function monitorEventRows(events: MonitorEvents): MonitorEventRow[] {
  return [
    ...events.sloSamples.map((s) => row('sloSamples', s.id, s.at, { subject: s.service, service: s.service, metric: s.metric, value: s.value })),
    ...events.jobFailures.map((f) => row('jobFailures', f.id, f.at, { subject: f.job, service: f.service ?? null, detail: f.reason ?? null })),
    ...events.spend.map((s) => row('spend', s.id, s.at, { subject: s.account ?? null, value: s.amount, detail: s.currency })),
    ...events.quota.map((q) => row('quota', q.id, q.at, { subject: q.account ?? null, value: q.used, quota_limit: q.limit })),
    ...events.incidentAcks.map((a) => row('incidentAcks', a.incidentId, a.at, { subject: a.incidentId, actor: a.by ?? null })),
  ];
}

/** The id an entry of a monitor list is keyed by (an acknowledgement is keyed by its incident). */
export const monitorEventId = (kind: MonitorEventKind, entry: { id?: string; incidentId?: string }): string => (kind === 'incidentAcks' ? entry.incidentId : entry.id) ?? '';

import { z } from 'zod';
import { GATE_METRIC_NAMES, windowMs } from '../metrics/gate-metric.ts';

/** What an alert watches: records matching CEL, a metric condition, or one of the seeds' flow signals. */
export const ALERT_KINDS = ['records', 'metric', 'escalation', 'review-sla', 'retro-overdue', 'monitor'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

const name = z.string().trim().min(1, 'must not be empty');
const DURATION = /^(\d{1,5})(m|h|d|w)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * A rule's duration (`30m`, `12h`, `2d`, `1w`) in milliseconds, or null when it isn't one.
 *
 * @example alertDurationMs('24h') // 86400000
 */
export function alertDurationMs(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || Number(m[1]) === 0) return null;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

const duration = z.string().refine((v) => alertDurationMs(v) !== null, { message: "use a number of minutes, hours, days or weeks, e.g. '30m', '24h', '2d', '1w'" });

const base = {
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case kebab-case, e.g. budget-burn'),
  name,
  description: z.string().optional(),
  severity: z.enum(ALERT_SEVERITIES, { error: (issue) => `unknown severity '${String(issue.input)}'; use one of ${ALERT_SEVERITIES.join(', ')}` }),
  /** `{{placeholder}}` text; each kind has a default. */
  message: z.string().min(1).optional(),
  /** The workspace's channel names (`eos alerts channel add`); a name with no channel is skipped and logged. */
  notify: z.array(name).min(1, 'name at least one channel'),
  /** Re-notify while the alert keeps firing, at most this often. */
  repeat: duration.optional(),
  /** The seed line the rule enforces, verbatim. */
  seed: z.object({ source: name, line: name }).strict().optional(),
};

const recordsRule = z
  .object({
    ...base,
    kind: z.literal('records'),
    database: name,
    where: z.string().min(1, 'must not be empty'),
    /** Person fields of the matching record whose values the alert must reach (`details.people`), e.g. [Team Lead]. */
    people: z.array(name).min(1).optional(),
  })
  .strict();
const metricRule = z.object({ ...base, kind: z.literal('metric'), when: z.string().min(1, 'must not be empty') }).strict();
const escalationRule = z
  .object({
    ...base,
    kind: z.literal('escalation'),
    /** More channels from a level of the ladder up: `{ 2: [team-leads], 3: [vp-eng] }`. */
    escalate: z.partialRecord(z.enum(['1', '2', '3'], { error: 'escalate by level 1, 2 or 3 of the ladder' }), z.array(name).min(1)).optional(),
  })
  .strict();
const reviewSlaRule = z
  .object({
    ...base,
    kind: z.literal('review-sla'),
    window: duration.optional(),
    /** More channels for level 2: a first review missing for over 8 business hours, escalated to the team lead. */
    escalate: z.partialRecord(z.enum(['2'], { error: 'a review-SLA alert escalates at level 2 (no first review in 8 business hours)' }), z.array(name).min(1)).optional(),
  })
  .strict();
const retroOverdueRule = z.object({ ...base, kind: z.literal('retro-overdue') }).strict();

/** The monitor signals a `monitor` rule reads (ingested as monitor events, docs/ingest.md). */
export const MONITOR_SIGNALS = ['slo', 'job-failures', 'spend', 'quota', 'unacknowledged', 'page-share', 'team-metric'] as const;
export type MonitorSignal = (typeof MONITOR_SIGNALS)[number];
const monitorRule = z
  .object({
    ...base,
    kind: z.literal('monitor'),
    signal: z.enum(MONITOR_SIGNALS, { error: (issue) => `unknown signal '${String(issue.input)}'; use one of ${MONITOR_SIGNALS.join(', ')}` }),
    /** slo: the sample metric it watches, e.g. latency_p95_seconds; team-metric: a delivery metric of metric(), e.g. prCycleTime. */
    metric: name.optional(),
    /** Fires when the value is over this (slo, job-failures: a count, spend: a sum). */
    above: z.number().optional(),
    /** Fires when the value is under this (slo, e.g. a mutation kill-rate). */
    below: z.number().optional(),
    /** Fires when the value is this or more (quota: the used fraction, e.g. 0.85). */
    atLeast: z.number().optional(),
    /** How far back the signal is read: the latest sample (slo, quota), the failures counted, the spend summed. */
    window: duration.optional(),
    /** unacknowledged: how long an incident may wait for an acknowledgement. */
    after: duration.optional(),
    /** unacknowledged: the incident severities it watches (default P1). */
    severities: z.array(name).min(1).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const limits = (['above', 'below', 'atLeast'] as const).filter((k) => rule[k] !== undefined);
    if (rule.signal === 'unacknowledged') {
      if (rule.after === undefined) ctx.addIssue({ code: 'custom', path: ['after'], message: "an unacknowledged rule needs 'after', e.g. '15m'" });
    } else if (limits.length !== 1) ctx.addIssue({ code: 'custom', path: ['above'], message: `a ${rule.signal} rule needs exactly one of above, below, atLeast` });
    if (rule.signal === 'slo' && rule.metric === undefined) ctx.addIssue({ code: 'custom', path: ['metric'], message: "an slo rule needs 'metric', e.g. latency_p95_seconds" });
    if (rule.signal === 'team-metric') {
      if (rule.metric === undefined || !(GATE_METRIC_NAMES as readonly string[]).includes(rule.metric))
        ctx.addIssue({ code: 'custom', path: ['metric'], message: `a team-metric rule needs 'metric', one of ${GATE_METRIC_NAMES.join(', ')}` });
      if (rule.window === undefined || windowMs(rule.window) === null)
        ctx.addIssue({ code: 'custom', path: ['window'], message: "a team-metric rule needs 'window' in hours, days or weeks, e.g. '30d'" });
    }
  });

export const alertRuleSchema = z.discriminatedUnion('kind', [recordsRule, metricRule, escalationRule, reviewSlaRule, retroOverdueRule, monitorRule], {
  error: (issue) =>
    issue.code === 'invalid_union' ? `unknown alert kind '${String((issue.input as { kind?: unknown })?.kind)}'; use one of ${ALERT_KINDS.join(', ')}` : undefined,
});

export type AlertRule = z.infer<typeof alertRuleSchema>;

/** A file under a pack's `alerts/` folder: a list of rules. */
export const alertFileSchema = z.array(alertRuleSchema);

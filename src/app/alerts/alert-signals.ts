import { messageTemplate, renderMessage } from '../../core/alerts/alert-message.ts';
import type { AlertInstance } from '../../core/alerts/diff-alerts.ts';
import { peopleOf } from '../../core/alerts/people-of.ts';
import { ExpressionError } from '../../core/cel/expression-compiler.ts';
import { APPROVAL_SLA_MINUTES, FIRST_REVIEW_ESCALATION_MINUTES, FIRST_REVIEW_SLA_MINUTES, openPrSlaBreaches, type SlaBreach } from '../../core/metrics/flow-metrics.ts';
import type { MetricRef, MetricScope } from '../../core/metrics/gate-metric.ts';
import { ESCALATION_LADDER, overdueRetros } from '../../core/metrics/record-flow-metrics.ts';
import { type AlertRule, alertDurationMs } from '../../core/pack/alert-rule-schema.ts';
import { openPullRequestRows, prReviewPeopleRows, prReviewRows, teamRows } from '../../store/event-rows.ts';
import { listRecordRows } from '../../store/record-rows.ts';
import { computeDeliveryMetrics } from '../compute-metrics.ts';
import { computeRecordFlow } from '../compute-record-flow.ts';
import { businessHoursOf } from '../derive-delivery.ts';
import { gateMetricKey, gateMetricValues } from '../gate-metric-values.ts';
import { listRecords } from '../records/read-records.ts';
import type { Session } from '../session.ts';
import { monitorFiring } from './monitor-signals.ts';
import { teamLeads } from './team-leads.ts';

/** What one evaluation found: the instances firing now, and the rules that could not be evaluated. */
export interface AlertSignals {
  readonly firing: readonly AlertInstance[];
  readonly evaluated: ReadonlySet<string>;
  readonly errors: readonly { readonly rule: string; readonly message: string }[];
}

type Found = Omit<AlertInstance, 'ruleId' | 'message'> & { readonly variables: Readonly<Record<string, unknown>> };

const recordLink = (key: string) => `/records/${encodeURIComponent(key)}`;
const labelOf = (key: string, title: string) => (title && title !== key ? `${key} ${title}` : key);
const DEFAULT_SLA_WINDOW = '7d';

async function recordsFiring(session: Session, rule: Extract<AlertRule, { kind: 'records' }>): Promise<Found[]> {
  const matches = await listRecords(session, { database: rule.database, where: rule.where });
  return matches.map((r) => ({
    ...(rule.people ? { people: peopleOf(...rule.people.map((f) => r.fields[f])) } : {}),
    subject: r.key,
    level: 1,
    label: labelOf(r.key, r.title),
    link: recordLink(r.key),
    details: { database: r.database, key: r.key, status: r.status },
    variables: { ...r.fields, key: r.key, title: r.title, status: r.status, database: r.database },
  }));
}

async function metricFiring(session: Session, rule: Extract<AlertRule, { kind: 'metric' }>, now: Date): Promise<Found[]> {
  const condition = session.compiler.compileMetricCondition(rule.when);
  // A metric alert has no record, so every scope is a literal (analyze-expression refuses record fields).
  const literal = (m: MetricRef): MetricScope | undefined => ('field' in m.scope ? undefined : m.scope);
  const values = await gateMetricValues(
    session.store.db,
    session,
    now,
    condition.refs.metrics.map((m) => ({ name: m.name, window: m.window, scope: literal(m) })),
  );
  const read = (name: string, window: string, scope?: MetricScope): number => {
    const found = values.get(gateMetricKey(name, window, scope));
    if (!found || 'reason' in found) throw new Error(`metric('${name}', '${window}') has no value: ${found && 'reason' in found ? found.reason : 'not computed'}`);
    return found.value;
  };
  const recordOnly = (what: string) => (): never => {
    throw new Error(`${what} reads a record; a metric alert has none`);
  };
  const hooks = { metric: read, related: () => [], count: () => 0, pending: () => [], sop: recordOnly('sop'), decided: recordOnly('decided()'), flag: recordOnly('flag()') };
  if (condition.evaluate({ record: {}, hooks, now }) !== true) return [];
  const metrics = Object.fromEntries(condition.refs.metrics.map((m) => [gateMetricKey(m.name, m.window, literal(m)), read(m.name, m.window, literal(m))]));
  const first = condition.refs.metrics[0];
  return [
    {
      subject: '',
      level: 1,
      label: rule.name,
      link: '/delivery',
      details: { metrics },
      variables: { ...metrics, value: first ? read(first.name, first.window, literal(first)) : null },
    },
  ];
}

async function escalationFiring(session: Session): Promise<Found[]> {
  const flow = await computeRecordFlow(session, {});
  return (flow?.blocked ?? []).flatMap((b) => {
    const step = ESCALATION_LADDER.find((l) => l.step === b.escalation);
    if (!step) return [];
    return [
      {
        subject: b.key,
        level: step.level,
        label: labelOf(b.key, b.title),
        link: recordLink(b.key),
        details: { key: b.key, blockedBy: b.blockedBy, ageDays: b.ageDays, target: step.step },
        variables: { key: b.key, title: b.title, blockedBy: b.blockedBy ?? 'someone (set Blocked By)', ageDays: b.ageDays, target: step.step },
      },
    ];
  });
}

/** Review-SLA breaches of the PRs still open, as `eos metrics` measures merged ones, with now for the merge. */
async function openBreaches(session: Session, now: Date): Promise<SlaBreach[]> {
  const db = session.store.db;
  const open = await openPullRequestRows(db, session.workspaceId);
  if (open.length === 0) return [];
  const reviews = await prReviewRows(
    db,
    session.workspaceId,
    open.map((p) => p.id),
  );
  const prs = open.map((p) => ({ ...p, reviews: reviews.filter((r) => r.prId === p.id) }));
  return openPrSlaBreaches(prs, now.toISOString(), businessHoursOf(await teamRows(db, session.workspaceId)));
}

/**
 * Whom each breached PR's review concerns: its reviewers (those requested, else those who
 * reviewed it, never its author) and the lead of the team owning its project (Teams' Team Lead).
 */
async function reviewPeople(session: Session, breaches: readonly SlaBreach[]): Promise<Map<string, { reviewers: string[]; team: string | null; teamLead: string[] }>> {
  const db = session.store.db;
  const prs = await prReviewPeopleRows(db, session.workspaceId, [...new Set(breaches.map((b) => b.prId))]);
  const teamOf = new Map<string, string>();
  for (const t of await teamRows(db, session.workspaceId)) for (const p of t.projects) if (!teamOf.has(p)) teamOf.set(p, t.team);
  const leads = await teamLeads(db, session.workspaceId);
  return new Map(
    prs.map((pr) => {
      const requested = peopleOf(pr.requestedReviewers);
      const reviewers = (requested.length > 0 ? requested : peopleOf(pr.reviewers)).filter((r) => r !== pr.author);
      const team = teamOf.get(pr.project) ?? null;
      return [pr.id, { reviewers, team, teamLead: team === null ? [] : (leads.get(team) ?? []) }];
    }),
  );
}

async function reviewSlaFiring(session: Session, rule: Extract<AlertRule, { kind: 'review-sla' }>, now: Date): Promise<Found[]> {
  const window = alertDurationMs(rule.window ?? DEFAULT_SLA_WINDOW) ?? 0;
  const metrics = await computeDeliveryMetrics(session, { from: new Date(now.getTime() - window).toISOString(), to: now.toISOString() });
  const merged = metrics.reviewSla.breaches.map((b) => ({ ...b, open: false }));
  const open = (await openBreaches(session, now)).map((b) => ({ ...b, open: true }));
  const breaches = [...merged, ...open];
  const whom = await reviewPeople(session, breaches);
  return breaches.map((b) => {
    const kind = b.kind === 'firstReview' ? 'first review' : 'approval';
    const limit = (b.kind === 'firstReview' ? FIRST_REVIEW_SLA_MINUTES : APPROVAL_SLA_MINUTES) / 60;
    // Seed 001: no first review in 8 hours, the author escalates to the team lead (level 2).
    const level = b.kind === 'firstReview' && b.businessMinutes > FIRST_REVIEW_ESCALATION_MINUTES ? 2 : 1;
    const { reviewers, team, teamLead } = whom.get(b.prId) ?? { reviewers: [], team: null, teamLead: [] };
    const people = peopleOf(reviewers, level === 2 ? teamLead : []);
    return {
      subject: `${b.prId}#${b.kind}`,
      level,
      label: `PR ${b.prId} (${kind}${b.open ? ', open' : ''})`,
      link: `/pull-requests/${encodeURIComponent(b.prId)}`,
      details: { pr: b.prId, project: b.project, sla: b.kind, businessMinutes: b.businessMinutes, open: b.open, team, reviewers, teamLead },
      variables: {
        pr: b.prId,
        project: b.project,
        kind,
        businessHours: Math.round((b.businessMinutes / 60) * 10) / 10,
        limitHours: limit,
        reviewers,
        team,
        teamLead,
      },
      people,
    };
  });
}

async function retroOverdueFiring(session: Session, now: Date): Promise<Found[]> {
  const retros = await listRecordRows(session.store.db, session.workspaceId, { database: 'retros' });
  return overdueRetros(retros, now.toISOString()).map((r) => ({
    subject: r.key,
    level: 1,
    label: labelOf(r.key, r.title),
    link: recordLink(r.key),
    details: { key: r.key, priority: r.priority, resolvedAt: r.resolvedAt, hoursSinceResolved: r.hoursSinceResolved },
    variables: { ...r },
  }));
}

function find(session: Session, rule: AlertRule, now: Date): Promise<Found[]> {
  switch (rule.kind) {
    case 'records':
      return recordsFiring(session, rule);
    case 'metric':
      return metricFiring(session, rule, now);
    case 'escalation':
      return escalationFiring(session);
    case 'review-sla':
      return reviewSlaFiring(session, rule, now);
    case 'retro-overdue':
      return retroOverdueFiring(session, now);
    case 'monitor':
      return monitorFiring(session, rule, now);
  }
}

/**
 * Evaluates every rule against the workspace as it is now: the records a rule's `where`
 * matches, a metric condition, the blocked-work ladder, review-SLA breaches and overdue retros,
 * each through the computation `eos record list` and `eos metrics` use. A rule that fails is
 * reported and left out, so its instances are neither fired nor resolved.
 */
export async function evaluateAlertRules(session: Session, rules: readonly AlertRule[], now: Date): Promise<AlertSignals> {
  const firing: AlertInstance[] = [];
  const evaluated = new Set<string>();
  const errors: { rule: string; message: string }[] = [];
  for (const rule of rules) {
    try {
      const found = await find(session, rule, now);
      for (const { variables, ...f } of found) {
        const message = renderMessage(messageTemplate(rule), { rule: rule.name, severity: rule.severity, level: f.level, subject: f.label, link: f.link, ...variables });
        firing.push({ ...f, ruleId: rule.id, message });
      }
      evaluated.add(rule.id);
    } catch (error) {
      const message = error instanceof ExpressionError ? error.problems.join('; ') : error instanceof Error ? error.message : String(error);
      errors.push({ rule: rule.id, message });
    }
  }
  return { firing, evaluated, errors };
}

import type { AlertKind, AlertRule } from '../pack/alert-rule-schema.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';

const PLACEHOLDER = /\{\{\s*([^{}|]+?)\s*(?:\|\s*([a-z]+)\s*)?\}\}/g;
const FILTERS = ['percent', 'hours'] as const;

/** Placeholders every alert offers, beside its kind's own. */
const COMMON = ['rule', 'severity', 'level', 'subject', 'link'];

/** What each built-in kind's message may name (records also offer every field of their database). */
const KIND_VARIABLES: Record<AlertKind, readonly string[]> = {
  records: ['key', 'title', 'status', 'database'],
  metric: ['value'],
  escalation: ['key', 'title', 'blockedBy', 'ageDays', 'target'],
  'review-sla': ['pr', 'project', 'kind', 'businessHours', 'limitHours', 'reviewers', 'team', 'teamLead'],
  'retro-overdue': ['key', 'title', 'priority', 'resolvedAt', 'hoursSinceResolved'],
  monitor: ['value', 'threshold', 'window', 'service', 'account', 'incident', 'severityOf', 'minutes', 'team', 'pages', 'total', 'metric'],
};

const DEFAULT_MESSAGES: Record<AlertKind, string> = {
  records: '{{key}} {{title}} ({{status}}) matches {{rule}}',
  metric: '{{rule}}: {{value}}',
  escalation: '{{key}} {{title}} has been blocked for {{ageDays}} days by {{blockedBy}}: {{target}}',
  'review-sla': 'PR {{pr}} ({{project}}) missed the {{kind}} SLA of {{limitHours}} business hours: {{businessHours}} business hours',
  'retro-overdue': '{{key}} {{title}}: the {{priority}} retro is not held {{hoursSinceResolved}} hours after the incident was resolved (due within 48 hours)',
  monitor: '{{rule}}: {{subject}} at {{value}} (threshold {{threshold}})',
};

/** A rule's message template: its own, or its kind's default. */
export function messageTemplate(rule: AlertRule): string {
  return rule.message ?? DEFAULT_MESSAGES[rule.kind];
}

/**
 * What is wrong with a rule's message placeholders, if anything: each must be a variable of its
 * kind (a metric rule also offers each `name@window` it reads, a records rule each field).
 *
 * @example messageProblems(rule, db) // ["message: unknown placeholder '{{Colour}}'; use one of …"]
 */
export function messageProblems(rule: AlertRule, db: DatabaseDef | undefined, extra: readonly string[] = []): string[] {
  const known = new Set([...COMMON, ...KIND_VARIABLES[rule.kind], ...extra, ...(db ? db.fields.map((f) => f.name) : [])]);
  const problems: string[] = [];
  for (const match of messageTemplate(rule).matchAll(PLACEHOLDER)) {
    const [whole, variable, filter] = match as unknown as [string, string, string | undefined];
    if (!known.has(variable)) problems.push(`message: unknown placeholder '${whole}'; use one of ${[...known].map((k) => `{{${k}}}`).join(', ')}`);
    if (filter !== undefined && !(FILTERS as readonly string[]).includes(filter)) problems.push(`message: unknown filter '|${filter}' in '${whole}'; use ${FILTERS.join(', ')}`);
  }
  return problems;
}

function show(value: unknown, filter: string | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (filter === 'percent' && typeof value === 'number') return `${(value * 100).toFixed(1)}%`;
  // Delivery metrics count minutes; a message reads better in hours.
  if (filter === 'hours' && typeof value === 'number') return `${Math.round((value / 60) * 10) / 10} h`;
  if (typeof value === 'number') return String(Number.isInteger(value) ? value : Math.round(value * 10_000) / 10_000);
  if (Array.isArray(value)) return value.map((v) => show(v, undefined)).join(', ');
  return String(value);
}

/**
 * Fills a template's `{{name}}` (or `{{name|percent}}`, `{{minutes|hours}}`) placeholders; an unset value shows as —.
 *
 * @example renderMessage('CFR is {{value|percent}}', { value: 0.2 }) // 'CFR is 20.0%'
 */
export function renderMessage(template: string, variables: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (_whole, variable: string, filter: string | undefined) => show(variables[variable], filter));
}

import type { AlertSeverity } from '../pack/alert-rule-schema.ts';
import type { AlertEvent, AlertEventKind } from './diff-alerts.ts';

/** One notification as a channel receives it: the webhook's JSON body, and what an email says. */
export interface AlertNotification {
  /** `person`: a notification to one person (a mention, an assignment…; ADR 072), e-mailed to them. */
  readonly event: AlertEventKind | 'test' | 'person';
  readonly workspace: string;
  readonly rule: { readonly id: string; readonly name: string; readonly kind: string; readonly severity: AlertSeverity };
  readonly subject: { readonly id: string; readonly label: string; readonly link: string | null };
  readonly level: number;
  readonly message: string;
  readonly since: string | null;
  readonly resolvedAt: string | null;
  readonly at: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A subject's app path made absolute with the server's public address, when one is configured. */
function absolute(link: string | null, baseUrl: string | undefined): string | null {
  if (link === null || !baseUrl) return link;
  return `${baseUrl.replace(/\/+$/, '')}${link}`;
}

/**
 * The notification of one alert event.
 *
 * @example alertNotification(event, { workspace: 'default', at: now, baseUrl: 'https://eos.example.com' }).subject.link // 'https://eos.example.com/records/WI-0003'
 */
export function alertNotification(event: AlertEvent, options: { workspace: string; at: Date; baseUrl?: string | undefined }): AlertNotification {
  const { rule, instance } = event;
  return {
    event: event.kind,
    workspace: options.workspace,
    rule: { id: rule.id, name: rule.name, kind: rule.kind, severity: rule.severity },
    subject: { id: instance.subject, label: instance.label, link: absolute(instance.link, options.baseUrl) },
    level: instance.level,
    message: instance.message,
    since: instance.since,
    resolvedAt: instance.resolvedAt,
    at: options.at.toISOString(),
    details: instance.people && instance.people.length > 0 ? { ...instance.details, people: instance.people } : instance.details,
  };
}

/** What `eos alerts test <channel>` sends: a notification that says it is a test. */
export function testNotification(options: { workspace: string; channel: string; at: Date }): AlertNotification {
  return {
    event: 'test',
    workspace: options.workspace,
    rule: { id: 'test', name: 'Test notification', kind: 'test', severity: 'info' },
    subject: { id: options.channel, label: `channel ${options.channel}`, link: null },
    level: 1,
    message: `This is a test notification from eos (workspace ${options.workspace}) to channel ${options.channel}.`,
    since: null,
    resolvedAt: null,
    at: options.at.toISOString(),
    details: {},
  };
}

function headline(n: AlertNotification): string {
  switch (n.event) {
    case 'firing':
      return 'Firing';
    case 'escalated':
      return `Escalated to level ${n.level}`;
    case 'repeat':
      return 'Still firing';
    case 'resolved':
      return 'Resolved';
    case 'test':
      return 'Test';
    case 'person':
      return 'For you';
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The email of a notification: a subject line, plain text (one fact a line) and a short HTML body.
 *
 * @example emailOf(n).subject // '[eos default] Firing critical: Change failure rate over 10%'
 */
export function emailOf(n: AlertNotification): { subject: string; text: string; html: string } {
  const about = n.subject.label && n.subject.label !== n.rule.name ? ` — ${n.subject.label}` : '';
  const subject = n.event === 'person' ? `[eos ${n.workspace}] ${n.message}` : `[eos ${n.workspace}] ${headline(n)} ${n.rule.severity}: ${n.rule.name}${about}`;
  const facts: [string, string | null][] =
    n.event === 'person'
      ? [
          ['Record', n.subject.label],
          ['Link', n.subject.link],
          ['Workspace', n.workspace],
        ]
      : [
          ['Rule', `${n.rule.name} (${n.rule.id})`],
          ['Severity', n.rule.severity],
          ['Level', String(n.level)],
          ['Subject', n.subject.label],
          ['Since', n.since],
          ['Resolved', n.resolvedAt],
          ['Link', n.subject.link],
          ['Workspace', n.workspace],
        ];
  const shown = facts.filter((f): f is [string, string] => f[1] !== null && f[1] !== '');
  const text = [`${headline(n)}: ${n.message}`, '', ...shown.map(([k, v]) => `${k}: ${v}`), ''].join('\n');
  const html = [
    `<p><strong>${escapeHtml(headline(n))}:</strong> ${escapeHtml(n.message)}</p>`,
    `<ul>${shown.map(([k, v]) => `<li>${escapeHtml(k)}: ${k === 'Link' ? `<a href="${escapeHtml(v)}">${escapeHtml(v)}</a>` : escapeHtml(v)}</li>`).join('')}</ul>`,
  ].join('\n');
  return { subject, text, html };
}

/**
 * A person's notification as a channel (the e-mail channel, to their address) receives it.
 *
 * @example personNotification({ kind: 'mention', recordKey: 'CHG-0001', text: 'ana mentioned you on CHG-0001: "…"', … }, { workspace: 'default' }).event // 'person'
 */
export function personNotification(
  n: { readonly kind: string; readonly recordKey: string | null; readonly text: string; readonly by: string; readonly at: string; readonly userName: string },
  options: { workspace: string; baseUrl?: string | undefined },
): AlertNotification {
  const link = n.recordKey ? absolute(`/records/${encodeURIComponent(n.recordKey)}`, options.baseUrl) : null;
  return {
    event: 'person',
    workspace: options.workspace,
    rule: { id: `person.${n.kind}`, name: n.kind, kind: 'person', severity: 'info' },
    subject: { id: n.recordKey ?? n.userName, label: n.recordKey ?? '', link },
    level: 1,
    message: n.text,
    since: null,
    resolvedAt: null,
    at: n.at,
    details: { to: n.userName, kind: n.kind, by: n.by },
  };
}

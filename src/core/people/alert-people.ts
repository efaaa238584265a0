import type { AlertEvent } from '../alerts/diff-alerts.ts';
import type { PersonNotice } from './person-notice.ts';

/** The names an alert instance carries: `people` (a reviewer or team lead to tell), and the blocking party of blocked work. */
function namedPeople(event: AlertEvent): string[] {
  const { instance } = event;
  const given = [...(instance.people ?? []), ...(Array.isArray(instance.details.people) ? instance.details.people : [])];
  const blockedBy = event.rule.kind === 'escalation' && typeof instance.details.blockedBy === 'string' ? [instance.details.blockedBy] : [];
  return [...new Set([...given, ...blockedBy].filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim()))];
}

/**
 * What an alert pass tells the people an alert names (ADR 072): a review-SLA breach, a
 * blocked-work escalation, or any other alert. A new alert and each escalation notify once
 * (the dedupe key holds rule, subject and level); a reminder or the end of one does not.
 *
 * @example alertNotices(events)[0] // { kind: 'blocked', to: ['bo'], recordKey: 'WI-0003', text: 'Blocked work … (level 2)', dedupe: 'alert:blocked-work:WI-0003:2' }
 */
export function alertNotices(events: readonly AlertEvent[]): PersonNotice[] {
  return events.flatMap((event) => {
    if (event.kind !== 'firing' && event.kind !== 'escalated') return [];
    const to = namedPeople(event);
    if (to.length === 0) return [];
    const { instance, rule } = event;
    const kind = rule.kind === 'review-sla' ? 'review_sla' : rule.kind === 'escalation' ? 'blocked' : 'alert';
    const recordKey = instance.link?.startsWith('/records/') ? decodeURIComponent(instance.link.slice('/records/'.length)) : null;
    const level = instance.level > 1 ? ` (level ${instance.level})` : '';
    return [
      {
        kind,
        to,
        recordKey,
        text: `${rule.name}${level}: ${instance.message}`,
        details: { rule: rule.id, subject: instance.subject, level: instance.level, link: instance.link },
        dedupe: `alert:${rule.id}:${instance.subject}:${instance.level}`,
      },
    ];
  });
}

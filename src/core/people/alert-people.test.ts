import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../alerts/diff-alerts.ts';
import { alertNotices } from './alert-people.ts';

function event(kind: AlertEvent['kind'], ruleKind: string, instance: Partial<AlertEvent['instance']>): AlertEvent {
  return {
    kind,
    rule: { id: `${ruleKind}-rule`, name: `A ${ruleKind} rule`, kind: ruleKind, severity: 'warning' } as unknown as AlertEvent['rule'],
    instance: {
      ruleId: `${ruleKind}-rule`,
      subject: 'WI-0003',
      level: 1,
      label: 'WI-0003 Billing export',
      link: '/records/WI-0003',
      message: 'WI-0003 is blocked',
      details: {},
      fingerprint: 'f',
      state: 'firing',
      since: '2026-01-01T00:00:00.000Z',
      changedAt: '2026-01-01T00:00:00.000Z',
      lastNotifiedAt: null,
      resolvedAt: null,
      ...instance,
    },
  };
}

describe('alertNotices', () => {
  it('tells the blocking party of blocked work when it fires and at each escalation, once per level', () => {
    const notices = alertNotices([event('escalated', 'escalation', { level: 2, details: { blockedBy: 'bo' } })]);
    expect(notices).toEqual([
      {
        kind: 'blocked',
        to: ['bo'],
        recordKey: 'WI-0003',
        text: 'A escalation rule (level 2): WI-0003 is blocked',
        details: { rule: 'escalation-rule', subject: 'WI-0003', level: 2, link: '/records/WI-0003' },
        dedupe: 'alert:escalation-rule:WI-0003:2',
      },
    ]);
  });
  it('tells the people a review-SLA instance names, from people or details.people; a reminder or resolution tells no one', () => {
    const sla = event('firing', 'review-sla', { subject: 'pr-1#firstReview', link: '/pull-requests/pr-1', people: ['ana'], details: { people: ['lead', 'ana'] } });
    expect(alertNotices([sla]).map((n) => [n.kind, n.to, n.recordKey])).toEqual([['review_sla', ['ana', 'lead'], null]]);
    expect(
      alertNotices([
        { ...sla, kind: 'repeat' },
        { ...sla, kind: 'resolved' },
      ]),
    ).toEqual([]);
    expect(alertNotices([event('firing', 'records', {})])).toEqual([]);
  });
});

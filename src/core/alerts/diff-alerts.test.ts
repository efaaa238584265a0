import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../pack/alert-rule-schema.ts';
import { type AlertInstance, alertFingerprint, channelsFor, diffAlerts, type StoredAlertInstance } from './diff-alerts.ts';

const rule: AlertRule = { id: 'blocked', name: 'Blocked', kind: 'escalation', severity: 'warning', notify: ['eng'], escalate: { '2': ['leads'], '3': ['vp'] }, repeat: '1d' };
const at = (iso: string) => new Date(iso);
const firing = (level: number): AlertInstance => ({ ruleId: 'blocked', subject: 'WORK-1', level, label: 'WORK-1', link: null, message: `level ${level}`, details: {} });
const stored = (level: number, lastNotifiedAt = '2026-06-01T12:00:00.000Z'): StoredAlertInstance => ({
  ...firing(level),
  fingerprint: alertFingerprint(firing(level)),
  state: 'firing',
  since: '2026-06-01T12:00:00.000Z',
  changedAt: lastNotifiedAt,
  lastNotifiedAt,
  resolvedAt: null,
});

describe('diffAlerts', () => {
  it('a new fingerprint for the same subject is an escalation; a level down changes the row quietly', () => {
    const up = diffAlerts({ now: at('2026-06-01T13:00:00Z'), rules: [rule], evaluated: new Set(['blocked']), firing: [firing(2)], stored: [stored(1)] });
    expect(up.events.map((e) => [e.kind, e.instance.level, e.instance.since])).toEqual([['escalated', 2, '2026-06-01T12:00:00.000Z']]);
    expect(up.changed[0]?.fingerprint).not.toBe(stored(1).fingerprint);
    const down = diffAlerts({ now: at('2026-06-01T13:00:00Z'), rules: [rule], evaluated: new Set(['blocked']), firing: [firing(1)], stored: [stored(2)] });
    expect(down.events).toEqual([]);
    expect(down.changed.map((c) => [c.level, c.lastNotifiedAt])).toEqual([[1, '2026-06-01T12:00:00.000Z']]);
  });

  it('repeats once the rule’s repeat has passed since the last notification, not before', () => {
    const input = { rules: [rule], evaluated: new Set(['blocked']), firing: [firing(1)], stored: [stored(1)] };
    expect(diffAlerts({ ...input, now: at('2026-06-02T11:59:59Z') })).toEqual({ events: [], changed: [] });
    expect(diffAlerts({ ...input, now: at('2026-06-02T12:00:00Z') }).events.map((e) => e.kind)).toEqual(['repeat']);
  });

  it('keeps the instances of a rule that failed to evaluate, and resolves those of a rule the pack dropped without notifying', () => {
    const now = at('2026-06-01T13:00:00Z');
    expect(diffAlerts({ now, rules: [rule], evaluated: new Set(), firing: [], stored: [stored(1)] })).toEqual({ events: [], changed: [] });
    const dropped = diffAlerts({ now, rules: [], evaluated: new Set(), firing: [], stored: [stored(1)] });
    expect(dropped.events).toEqual([]);
    expect(dropped.changed.map((c) => [c.state, c.resolvedAt])).toEqual([['resolved', now.toISOString()]]);
  });

  it('sends an escalation to the channels of every level up to its own', () => {
    expect([1, 2, 3].map((level) => channelsFor(rule, level))).toEqual([['eng'], ['eng', 'leads'], ['eng', 'leads', 'vp']]);
  });
});

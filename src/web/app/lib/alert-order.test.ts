import { describe, expect, it } from 'vitest';
import type { AlertView } from '../api/types.ts';
import { groupBySeverity, levelLabel, sortAlerts } from './alert-order.ts';

const alert = (ruleId: string, severity: 'info' | 'warning' | 'critical' | null, level = 1, since = '2026-06-01T00:00:00Z'): AlertView => ({
  rule: severity ? { id: ruleId, name: ruleId, kind: ruleId === 'blocked-work' ? 'escalation' : 'records', severity } : null,
  ruleId,
  subject: `${ruleId}-${level}-${since}`,
  label: '',
  link: null,
  level,
  state: 'firing',
  message: '',
  details: {},
  since,
  lastNotifiedAt: null,
  resolvedAt: null,
});

describe('alert order', () => {
  it('puts critical first, then the higher level, then the longest firing; a rule the pack dropped counts as info', () => {
    const dropped = alert('gone', null);
    const newer = alert('budget-burn', 'warning', 1, '2026-06-02T00:00:00Z');
    const older = alert('budget-burn', 'warning', 1, '2026-06-01T00:00:00Z');
    const level3 = alert('blocked-work', 'warning', 3);
    const critical = alert('cfr-guardrail', 'critical');
    expect(sortAlerts([dropped, newer, older, level3, critical])).toEqual([critical, level3, older, newer, dropped]);
    expect(groupBySeverity([dropped, newer, critical]).map((g) => [g.severity, g.alerts.length])).toEqual([
      ['critical', 1],
      ['warning', 1],
      ['info', 1],
    ]);
    expect(groupBySeverity([])).toEqual([]);
  });

  it("names the escalation ladder's step, the number of another level above 1, and nothing for level 1 otherwise", () => {
    expect(levelLabel(alert('blocked-work', 'warning', 2))).toBe('level 2: team leads');
    expect(levelLabel(alert('blocked-work', 'warning', 3))).toBe('level 3: VP Eng');
    expect(levelLabel(alert('blocked-work', 'warning', 1))).toBe('level 1: blocking party tagged');
    expect(levelLabel(alert('budget-burn', 'warning', 2))).toBe('level 2');
    expect(levelLabel(alert('budget-burn', 'warning', 1))).toBeNull();
  });
});

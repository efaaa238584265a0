import { describe, expect, it } from 'vitest';
import { alertRuleSchema } from './alert-rule-schema.ts';

const rule = (extra: Record<string, unknown>) => ({ id: 'm', name: 'M', kind: 'monitor', severity: 'critical', notify: ['ops'], ...extra });
const problems = (extra: Record<string, unknown>) => {
  const parsed = alertRuleSchema.safeParse(rule(extra));
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('monitor alert rules in a pack', () => {
  it('accepts each signal with its threshold', () => {
    expect(problems({ signal: 'slo', metric: 'latency_p95_seconds', above: 150, window: '1h' })).toEqual([]);
    expect(problems({ signal: 'quota', atLeast: 0.85 })).toEqual([]);
    expect(problems({ signal: 'unacknowledged', after: '15m', severities: ['P1'] })).toEqual([]);
    expect(problems({ signal: 'page-share', above: 0.3, window: '4w' })).toEqual([]);
  });

  it('refuses an unknown signal, a missing or double threshold, an slo without its metric, and an unacknowledged rule without after', () => {
    expect(problems({ signal: 'latency', above: 1 })).toEqual([
      ['signal', "unknown signal 'latency'; use one of slo, job-failures, spend, quota, unacknowledged, page-share, team-metric"],
    ]);
    expect(problems({ signal: 'spend' })).toEqual([['above', 'a spend rule needs exactly one of above, below, atLeast']]);
    expect(problems({ signal: 'job-failures', above: 5, below: 1 })).toEqual([['above', 'a job-failures rule needs exactly one of above, below, atLeast']]);
    expect(problems({ signal: 'slo', above: 150 })).toEqual([['metric', "an slo rule needs 'metric', e.g. latency_p95_seconds"]]);
    expect(problems({ signal: 'unacknowledged' })).toEqual([['after', "an unacknowledged rule needs 'after', e.g. '15m'"]]);
    expect(problems({ signal: 'quota', atLeast: 0.85, window: 'a day' })).toEqual([['window', "use a number of minutes, hours, days or weeks, e.g. '30m', '24h', '2d', '1w'"]]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatTargetValue, scopeLabel, targetState, thresholdLabel } from './targets-format.ts';

describe('target formatting', () => {
  it('reads actuals and thresholds in their units, and the met / missed / no-data state', () => {
    expect([formatTargetValue(240, 'minutes'), formatTargetValue(0.05, 'ratio'), formatTargetValue(4, 'days'), formatTargetValue(null, 'count')]).toEqual([
      '4h',
      '5%',
      '4 days',
      '–',
    ]);
    expect([thresholdLabel({ value: 1440, direction: 'below' }, 'minutes'), thresholdLabel({ value: 5, direction: 'atLeast' }, 'days')]).toEqual(['< 24h', '≥ 5 days']);
    expect([targetState({ met: true }), targetState({ met: false }), targetState({ met: null })]).toEqual(['met', 'missed', 'no-data']);
    expect([scopeLabel({ kind: 'workspace' }), scopeLabel({ kind: 'team', value: 'Feature Team A' })]).toEqual(['', 'team Feature Team A']);
  });
});

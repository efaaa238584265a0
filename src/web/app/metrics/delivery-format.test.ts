import { describe, expect, it } from 'vitest';
import { formatMinutes, formatRate, pullRequestPath } from './delivery-format.ts';

describe('delivery formatting', () => {
  it('reads minutes, rates and PR paths', () => {
    expect([formatMinutes(null), formatMinutes(45), formatMinutes(1680), formatMinutes(5040), formatMinutes(-30)]).toEqual(['–', '45m', '28h', '3.5d', '-30m']);
    expect([formatRate(0.3333), formatRate(0), formatRate(null)]).toEqual(['33.3%', '0%', '–']);
    expect(pullRequestPath('octo/api#1')).toBe('/pull-requests/octo%2Fapi%231');
  });
});

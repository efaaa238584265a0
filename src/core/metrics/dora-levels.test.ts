import { describe, expect, it } from 'vitest';
import { failureRateCategory, formatUnits, hoursLabel, leadTimeCategory, recoveryCategory, roundedUnits } from './dora-levels.ts';

describe('DORA levels and DevLake rounding', () => {
  it('rounds half away from zero, as MySQL DECIMALs do', () => {
    expect(hoursLabel(4478)).toBe('74.6');
    expect(hoursLabel(73035)).toBe('1217.3');
    expect(hoursLabel(59)).toBe('1.0');
    expect(hoursLabel(-278)).toBe('-4.6');
    expect(formatUnits(roundedUnits(1, 3, 4), 4)).toBe('0.3333');
    expect(formatUnits(roundedUnits(1, 8, 2), 2)).toBe('0.13');
  });
  it('applies each report’s cut-offs', () => {
    expect(leadTimeCategory(1439, '2023')).toBe('elite');
    expect(leadTimeCategory(1440, '2023')).toBe('high');
    expect(leadTimeCategory(59, '2021')).toBe('elite');
    expect(leadTimeCategory(259200, '2021')).toBe('low');
    expect(failureRateCategory(500, '2023')).toBe('elite');
    expect(failureRateCategory(1001, '2023')).toBe('medium');
    expect(failureRateCategory(1500, '2021')).toBe('elite');
    expect(failureRateCategory(3001, '2021')).toBe('low');
    expect(recoveryCategory(59)).toBe('elite');
    expect(recoveryCategory(10080)).toBe('low');
  });
});

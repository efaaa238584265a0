import { describe, expect, it } from 'vitest';
import { lowerMedian, upperMedianIndex } from './lower-median.ts';

describe('lowerMedian (DevLake percent_rank <= 0.5)', () => {
  it('never averages: n = 2 gives the smaller, n = 4 the second', () => {
    expect(lowerMedian([1439, 90])).toBe(90);
    expect(lowerMedian([90, 300, 1000, 1439])).toBe(300);
    expect(lowerMedian([7])).toBe(7);
    expect(lowerMedian([])).toBeNull();
  });
  it('ranks nulls first without ever returning one', () => {
    expect(lowerMedian([null, null, 5, 9])).toBeNull();
    expect(lowerMedian([null, 5, 9])).toBe(5);
  });
  it('gives tied values the lowest rank', () => {
    expect(lowerMedian([0, 0, 0, 2])).toBe(0);
    expect(lowerMedian([1, 2, 2, 2, 3])).toBe(2);
  });
  it('the six-month variant takes the smallest value ranked at or above 0.5', () => {
    expect(upperMedianIndex([0, 5])).toBe(1);
    expect(upperMedianIndex([0])).toBeNull();
    expect(upperMedianIndex([4, 4, 4])).toBeNull();
  });
});

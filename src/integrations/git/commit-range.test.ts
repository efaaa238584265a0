import { describe, expect, it } from 'vitest';
import { commitsBetween, generations } from './commit-range.ts';

// a ← b ← c ← d ← m,  a ← x ← y ← m,  and e merges y into b early (criss-cross).
const graph = new Map(
  Object.entries({ a: [], b: ['a'], c: ['b'], d: ['c'], x: ['a'], y: ['x'], m: ['d', 'y'], e: ['b', 'y'], n: ['m', 'e'] }).map(([sha, parents]) => [sha, { parents }]),
);
const gen = generations(graph);
const range = (include: string[], exclude: string[]) => [...commitsBetween(graph, gen, { include, exclude })].sort();

describe('commitsBetween', () => {
  it('numbers generations from the roots', () => {
    expect(Object.fromEntries(gen)).toEqual({ a: 1, b: 2, c: 3, d: 4, x: 2, y: 3, m: 5, e: 4, n: 6 });
  });

  it('is git rev-list include ^exclude', () => {
    expect(range(['m'], ['d'])).toEqual(['m', 'x', 'y']);
    expect(range(['d'], ['y'])).toEqual(['b', 'c', 'd']);
    expect(range(['n'], ['m'])).toEqual(['e', 'n']);
    expect(range(['n'], ['e'])).toEqual(['c', 'd', 'm', 'n']);
    expect(range(['d'], ['d'])).toEqual([]);
    expect(range(['a'], [])).toEqual(['a']);
  });

  it('ignores commits it was never told about', () => {
    expect(range(['zzz'], ['a'])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import { gatesOnTheWay, nextStatuses, transitionAllowed } from './plan-move.ts';

const criteria = [{ id: 'c', check: 'true', message: 'm' }];
const db: DatabaseDef = {
  id: 'x',
  name: 'X',
  key: { prefix: 'X' },
  fields: [{ name: 'Title', type: 'title' }],
  status: { field: 'Status', values: ['A', 'B', 'C'], transitions: { A: ['B'], B: ['A', 'C'] } },
  gates: [
    { id: 'leave-b', from: ['B'], criteria },
    { id: 'enter-c', into: ['C'], criteria },
    { id: 'b-to-c', from: ['B'], into: ['C'], criteria },
  ],
};

describe('lifecycle planning', () => {
  it('allows only the listed transitions', () => {
    expect(transitionAllowed(db, 'A', 'B')).toBe(true);
    expect(transitionAllowed(db, 'A', 'C')).toBe(false);
    expect(transitionAllowed(db, 'A', 'A')).toBe(false);
    expect(nextStatuses(db, 'B')).toEqual(['A', 'C']);
    expect(nextStatuses(db, 'C')).toEqual([]);
  });

  it('lets a record in a status the pack no longer has move to any current status', () => {
    expect(nextStatuses(db, 'Retired')).toEqual(['A', 'B', 'C']);
    expect(gatesOnTheWay(db, 'Retired', 'C').map((g) => g.id)).toEqual(['enter-c']);
  });

  it('allows any move between statuses when no transitions are listed', () => {
    const open = { ...db, status: { field: 'Status', values: ['A', 'B', 'C'] } };
    expect(nextStatuses(open, 'B')).toEqual(['A', 'C']);
  });

  it('collects exit gates of the old status and entrance gates of the new one', () => {
    expect(gatesOnTheWay(db, 'B', 'C').map((g) => g.id)).toEqual(['leave-b', 'enter-c', 'b-to-c']);
    expect(gatesOnTheWay(db, 'B', 'A').map((g) => g.id)).toEqual(['leave-b']);
    expect(gatesOnTheWay(db, null, 'C').map((g) => g.id)).toEqual(['enter-c']);
  });
});

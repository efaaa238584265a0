import { describe, expect, it } from 'vitest';
import { groupByModule, moduleOf } from './module-of.ts';

describe('groupByModule', () => {
  it("takes the pack's module, else Other", () => {
    expect(moduleOf({ id: 'incidents', module: 'Quality & Ops' })).toBe('Quality & Ops');
    expect(moduleOf({ id: 'incidents', module: null })).toBe('Other');
    expect(moduleOf({ id: 'my-own' })).toBe('Other');
  });

  it('orders modules as the seeds do, then any others by name, and databases by name', () => {
    const groups = groupByModule([
      { id: 'teams', name: 'Teams', module: 'People & Rituals' },
      { id: 'tests', name: 'Tests', module: 'Quality & Ops' },
      { id: 'change-control', name: 'Change Control', module: 'Governance' },
      { id: 'work-items', name: 'Work Items', module: 'Delivery' },
      { id: 'releases', name: 'Releases', module: 'Delivery' },
      { id: 'lab', name: 'Lab', module: 'Hardware' },
      { id: 'mine', name: 'Mine' },
    ]);
    expect(groups.map((g) => [g.module, g.databases.map((d) => d.id)])).toEqual([
      ['Delivery', ['releases', 'work-items']],
      ['Quality & Ops', ['tests']],
      ['People & Rituals', ['teams']],
      ['Governance', ['change-control']],
      ['Hardware', ['lab']],
      ['Other', ['mine']],
    ]);
  });
});

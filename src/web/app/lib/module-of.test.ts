import { describe, expect, it } from 'vitest';
import { groupByModule, moduleOf } from './module-of.ts';

describe('groupByModule', () => {
  it("takes the server's module, else engineering-os's grouping, else Other", () => {
    expect(moduleOf({ id: 'incidents', module: null })).toBe('Quality & Ops');
    expect(moduleOf({ id: 'incidents', module: 'Ops' })).toBe('Ops');
    expect(moduleOf({ id: 'my-own' })).toBe('Other');
  });

  it('orders modules as the seeds do and databases by name', () => {
    const groups = groupByModule([
      { id: 'teams', name: 'Teams' },
      { id: 'tests', name: 'Tests' },
      { id: 'change-control', name: 'Change Control' },
      { id: 'work-items', name: 'Work Items' },
      { id: 'releases', name: 'Releases' },
      { id: 'mine', name: 'Mine' },
    ]);
    expect(groups.map((g) => [g.module, g.databases.map((d) => d.id)])).toEqual([
      ['Delivery', ['releases', 'work-items']],
      ['Quality & Ops', ['tests']],
      ['People & Rituals', ['teams']],
      ['Governance', ['change-control']],
      ['Other', ['mine']],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { DatabaseDef } from '../api/types.ts';
import { waiverAskOf, waiverRequestFields, waiverRequestPath } from './waiver-request.ts';

const changes: DatabaseDef = {
  id: 'change-control',
  name: 'Change Control',
  fields: [
    { name: 'Title', type: 'title' },
    { name: 'Type', type: 'select', options: ['ECR', 'Waiver'] },
  ],
  status: { field: 'Status', values: ['Draft', 'Approved'] },
  waiver: { record: 'Waived Record', criteria: 'Waived Criteria', approver: 'Waiver Approver', expires: 'Waiver Expires', request: { Type: 'Waiver' } },
};

describe('a waiver request', () => {
  it('travels in the new-record URL and comes back out whole', () => {
    const path = waiverRequestPath('change-control', { record: 'WORK-0001', to: 'In Progress', criteria: ['start/owner', 'start/dod'] });
    expect(path).toBe('/databases/change-control/new?waive=WORK-0001&to=In+Progress&criteria=start%2Fowner%3Bstart%2Fdod');
    expect(waiverAskOf(path.slice(path.indexOf('?')))).toEqual({ record: 'WORK-0001', to: 'In Progress', criteria: ['start/owner', 'start/dod'] });
    expect(waiverAskOf('?view=board')).toBeUndefined();
  });

  it("starts with the pack's preset, the waived record and criteria, and a title that says what it is for", () => {
    expect(waiverRequestFields(changes, { record: 'WORK-0001', to: 'In Progress', criteria: ['start/owner', 'start/dod'] })).toEqual({
      Type: 'Waiver',
      'Waived Record': 'WORK-0001',
      'Waived Criteria': 'start/owner; start/dod',
      Title: 'Waive 2 criteria for WORK-0001 → In Progress',
    });
    expect(waiverRequestFields(changes, { record: 'WORK-0001', to: '', criteria: ['start/owner'] })?.Title).toBe('Waive start/owner for WORK-0001');
    // Keyed by its title (ECR-0001…): the requester names it.
    expect(waiverRequestFields({ ...changes, key: { field: 'Title' } }, { record: 'WORK-0001', to: '', criteria: ['start/owner'] })).toEqual({
      Type: 'Waiver',
      'Waived Record': 'WORK-0001',
      'Waived Criteria': 'start/owner',
    });
    expect(waiverRequestFields({ ...changes, waiver: undefined }, { record: 'WORK-0001', to: '', criteria: [] })).toBeUndefined();
  });
});

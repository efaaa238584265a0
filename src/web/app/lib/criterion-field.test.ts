import { describe, expect, it } from 'vitest';
import type { DatabaseDef } from '../api/types.ts';
import { criterionField } from './criterion-field.ts';

const def: DatabaseDef = {
  id: 'change-control',
  name: 'Change Control',
  fields: [
    { name: 'Type', type: 'select' },
    { name: 'Approval Date(s)', type: 'date' },
    { name: 'Verification Needed', type: 'relation' },
    { name: 'Communications Done', type: 'checkbox' },
  ],
  status: { field: 'Status', values: ['Under Review', 'Approved', 'Closed'] },
  gates: [
    { id: 'review', criteria: [{ id: 'approval-date', check: "record['Approval Date(s)'] != null", message: 'Record the approval date' }] },
    {
      id: 'exit',
      criteria: [
        {
          id: 'verified',
          check: "record.Type in ['Waiver'] || related('Verification Needed').size() > 0 && related('Verification Needed').all(t, t.Results == 'Pass')",
          message: 'Every linked test must pass',
        },
        { id: 'baseline', check: "record.Type in ['Waiver'] || record['Communications Done'] == true", message: 'Guarded' },
        { id: 'comms', check: 'record["Communications Done"] == true', message: 'Tick Communications Done' },
        { id: 'status', check: "record.status == 'Approved'", message: 'Only from Approved' },
      ],
    },
  ],
};

describe('criterionField', () => {
  it('finds the field the criterion reads most (the later on a tie), in any spelling', () => {
    expect(criterionField(def, { gate: 'review', criterion: 'approval-date', message: '' })).toBe('Approval Date(s)');
    expect(criterionField(def, { gate: 'exit', criterion: 'verified', message: '' })).toBe('Verification Needed');
    expect(criterionField(def, { gate: 'exit', criterion: 'baseline', message: '' })).toBe('Communications Done');
    expect(criterionField(def, { gate: 'exit', criterion: 'comms', message: '' })).toBe('Communications Done');
  });

  it("prefers the API's field, and names none when the criterion reads no field", () => {
    expect(criterionField(def, { gate: 'review', criterion: 'approval-date', message: '', field: 'Type' })).toBe('Type');
    expect(criterionField(def, { gate: 'exit', criterion: 'status', message: '' })).toBeUndefined();
    expect(criterionField(def, { gate: 'nope', criterion: 'x', message: '' })).toBeUndefined();
  });
});

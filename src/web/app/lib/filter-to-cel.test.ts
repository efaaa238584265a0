import { describe, expect, it } from 'vitest';
import { filterToCel } from './filter-to-cel.ts';

const options = {
  statusField: 'Status',
  fields: [
    { name: 'Risk Level', type: 'select' },
    { name: 'Points', type: 'number' },
    { name: 'Communications Done', type: 'checkbox' },
    { name: 'Impact Analysis', type: 'multi_select' },
    { name: "Owner's note", type: 'text' },
  ],
};

describe('filterToCel', () => {
  it('turns the plain form into CEL, the status into record.status', () => {
    expect(filterToCel('Status = Under Review and Risk Level = High', options)).toBe("record.status == 'Under Review' && record['Risk Level'] == 'High'");
  });

  it('types numbers, checkboxes, empty values and list membership', () => {
    expect(filterToCel('points >= 3 AND Communications Done = no', options)).toBe("record['Points'] >= 3 && record['Communications Done'] == false");
    expect(filterToCel('Risk Level != empty', options)).toBe("record['Risk Level'] != null");
    expect(filterToCel('Impact Analysis contains Quality', options)).toBe("'Quality' in record['Impact Analysis']");
  });

  it('escapes quotes in names and values', () => {
    expect(filterToCel("Owner's note = it's fine", options)).toBe("record['Owner\\'s note'] == 'it\\'s fine'");
  });

  it('passes CEL through untouched, and an empty bar means no filter', () => {
    expect(filterToCel("record['Risk Level'] == 'High' || record.status == 'Closed'", options)).toBe("record['Risk Level'] == 'High' || record.status == 'Closed'");
    expect(filterToCel('   ', options)).toBe('');
  });

  it('names the fields when a clause names none of them', () => {
    expect(() => filterToCel('Colour = red', options)).toThrow('No field named "Colour"; the fields are Risk Level, Points, Communications Done, Impact Analysis, Owner\'s note');
    expect(() => filterToCel('just words', options)).toThrow('"just words" isn\'t a filter: write Field = value');
  });
});

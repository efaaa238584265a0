import { describe, expect, it } from 'vitest';
import { parseImportMappings } from './import-mappings.ts';

describe('parseImportMappings', () => {
  it('reads Column=Field and Column:from=to lines, skipping blank and # lines', () => {
    const mappings = parseImportMappings('Description = Problem\n\n# a note\nLabels=\r\n', 'Status:Triage=Backlog\n Status : Todo = Ready \nPriority:No priority=Low');
    expect(mappings).toEqual({
      map: { Description: 'Problem', Labels: '' },
      values: [
        { column: 'Status', from: 'Triage', to: 'Backlog' },
        { column: 'Status', from: 'Todo', to: 'Ready' },
        { column: 'Priority', from: 'No priority', to: 'Low' },
      ],
      problems: [],
    });
  });

  it('splits as eos import csv --value does: the column before the first :, the source value before the last =', () => {
    expect(parseImportMappings('', 'Notes:a=b=c\nTime:9:00=morning').values).toEqual([
      { column: 'Notes', from: 'a=b', to: 'c' },
      { column: 'Time', from: '9:00', to: 'morning' },
    ]);
  });

  it('names the box and the line of every line it cannot read', () => {
    expect(parseImportMappings('Description\n=Problem', 'Status=Ready\n:Todo=Ready\nStatus:Todo').problems).toEqual([
      'Column mappings, line 1: "Description" is not Column=Field (Column= leaves a column out)',
      'Column mappings, line 2: "=Problem" is not Column=Field (Column= leaves a column out)',
      'Value mappings, line 1: "Status=Ready" is not Column:source value=eos value',
      'Value mappings, line 2: ":Todo=Ready" is not Column:source value=eos value',
      'Value mappings, line 3: "Status:Todo" is not Column:source value=eos value',
    ]);
  });
});

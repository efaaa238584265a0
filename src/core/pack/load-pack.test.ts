import { describe, expect, it } from 'vitest';
import { packProblems } from '../../../test/support/pack-problems.ts';
import { loadPack, type PackFile } from './load-pack.ts';

const MANIFEST: PackFile = { path: 'pack.yaml', text: 'id: demo\nname: Demo\nversion: "1"\n' };

const problemsOf = packProblems;

const BROKEN = `id: things
name: Things
key: { prefix: TH }
fields:
  - { name: Title, type: title }
  - { name: Size, type: enormous }
  - { name: Owner, type: person }
  - { name: Owner, type: text }
  - { name: Parts, type: relation, to: parts }
status:
  field: Status
  values: [Open, Done]
gates:
  - id: done
    into: [Done]
    criteria:
      - { id: syntax, check: "record.Title ==", message: Broken }
      - { id: unknown, check: "record['Colour'] == 'red'", message: Unknown field }
      - { id: fine, check: "record.Title != null", message: Fine }
`;

describe('loadPack', () => {
  it('reports every problem at once, each with its file and line', () => {
    const problems = problemsOf([MANIFEST, { path: 'databases/things.yaml', text: BROKEN }]);
    expect(problems).toEqual([
      { file: 'databases/things.yaml', line: 6, message: expect.stringMatching(/^fields\.1\.type: unknown field type 'enormous'; use one of title, text, number/) },
    ]);
  });

  it('reports semantic problems of a well-formed pack together: duplicate field, missing relation target, bad CEL', () => {
    const text = BROKEN.replace('type: enormous', 'type: number');
    const problems = problemsOf([MANIFEST, { path: 'databases/things.yaml', text }]);
    expect(problems).toEqual([
      { file: 'databases/things.yaml', line: 8, message: "duplicate field 'Owner'" },
      { file: 'databases/things.yaml', line: 9, message: "relation 'Parts' points to a missing database 'parts'" },
      { file: 'databases/things.yaml', line: 17, message: expect.stringMatching(/^criterion 'done\/syntax': /) },
      { file: 'databases/things.yaml', line: 18, message: "criterion 'done/unknown': 'record' has no field 'Colour' (database things has: Title, Size, Owner, Owner, Parts)" },
    ]);
  });

  it('reports YAML syntax errors with their line, and a missing manifest', () => {
    const problems = problemsOf([{ path: 'databases/x.yaml', text: 'id: x\nname: [unclosed\n' }]);
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['databases/x.yaml', 3],
      ['pack.yaml', 1],
    ]);
    expect(problems[1]?.message).toBe('the pack has no pack.yaml (id, name, version)');
  });

  it('checks count() filters and related() fields against the databases they name', () => {
    const text = `id: tasks
name: Tasks
key: { prefix: T }
fields:
  - { name: Title, type: title }
  - { name: Assignee, type: person }
status: { field: Status, values: [Todo, Doing] }
gates:
  - id: wip
    into: [Doing]
    criteria:
      - { id: a, check: "count('tasks', \\"r.Asignee == record.Assignee\\") < 3", message: WIP }
      - { id: b, check: "count('nope', 'true') < 3", message: WIP }
      - { id: c, check: "related('Assignee').size() > 0", message: rel }
      - { id: d, check: "size(pending('Title')) == 0", message: pending }
`;
    const problems = problemsOf([MANIFEST, { path: 'databases/tasks.yaml', text }]);
    expect(problems.map((p) => p.message)).toEqual([
      "criterion 'wip/a': count('tasks'): 'r' has no field 'Asignee' (database tasks has: Title, Assignee)",
      "criterion 'wip/b': count('nope', …): there is no database 'nope'",
      "criterion 'wip/c': related('Assignee'): tasks has no relation field 'Assignee'",
      "criterion 'wip/d': pending('Title'): tasks has no relation field 'Title'",
    ]);
    expect(problems.map((p) => p.line)).toEqual([12, 13, 14, 15]);
  });

  it('checks onCreate rules: target database, fields, link and CEL', () => {
    const text = `id: items
name: Items
key: { prefix: I }
fields:
  - { name: Title, type: title }
  - { name: Note, type: relation, to: items }
status: { field: Status, values: [Open] }
onCreate:
  - id: a
    create: { database: nope, set: {} }
  - id: b
    when: "record.Colour == 'red'"
    create:
      database: items
      set: { Size: "'x'", Title: "record.Title +" }
      link: Title
`;
    expect(problemsOf([MANIFEST, { path: 'databases/items.yaml', text }]).map((p) => [p.line, p.message.split(' (')[0]])).toEqual([
      [10, "onCreate 'a' creates in a missing database 'nope'"],
      [15, "onCreate 'b': items has no field 'Size'"],
      [16, "onCreate 'b': link 'Title' must be a relation field of items to items"],
      [12, "onCreate 'b' when: 'record' has no field 'Colour'"],
      [15, expect.stringMatching(/^onCreate 'b' Title: /)],
    ]);
  });

  it('loads a valid pack', () => {
    const text = BROKEN.replace('type: enormous', 'type: number')
      .replace('  - { name: Owner, type: text }\n', '')
      .replace('to: parts', 'to: things')
      .replace('record.Title ==', "record.Title == 'x'")
      .replace("record['Colour']", 'record.Size');
    const pack = loadPack([MANIFEST, { path: 'databases/things.yaml', text }]);
    expect(pack.databases.map((d) => d.id)).toEqual(['things']);
    expect(pack.manifest).toEqual({ id: 'demo', name: 'Demo', version: '1' });
  });
});

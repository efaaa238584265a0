import { describe, expect, it } from 'vitest';
import { EosError } from '../errors.ts';
import { loadPack, type PackFile } from './load-pack.ts';

const MANIFEST: PackFile = { path: 'pack.yaml', text: 'id: demo\nname: Demo\nversion: "1"\n' };

function db(gates: string): PackFile {
  return {
    path: 'databases/things.yaml',
    text: `id: things
name: Things
key: { prefix: TH }
fields:
  - { name: Title, type: title }
  - { name: Approver Role, type: select, options: [qa, sre] }
  - { name: Points, type: number }
status:
  field: Status
  values: [Open, Done]
gates:
${gates}`,
  };
}

function problemsOf(files: PackFile[]): unknown {
  try {
    loadPack(files);
  } catch (error) {
    if (error instanceof EosError) return error.details.problems;
    throw error;
  }
  throw new Error('expected the pack to be refused');
}

describe('requiresRole in a pack', () => {
  it('loads a gate that only names roles, and one that takes the role from a field', () => {
    const pack = loadPack([
      MANIFEST,
      db(`  - { id: sre-only, into: [Done], requiresRole: [sre] }
  - { id: approver, into: [Done], requiresRole: { field: Approver Role }, criteria: [{ id: t, check: "record.Title != null", message: Title }] }
`),
    ]);
    expect(pack.databases[0]?.gates?.map((g) => [g.id, g.requiresRole, g.criteria.length])).toEqual([
      ['sre-only', ['sre'], 0],
      ['approver', { field: 'Approver Role' }, 1],
    ]);
  });

  it('refuses an unknown role, a missing or non-text field, and a gate with neither criteria nor roles, with file and line', () => {
    expect(problemsOf([MANIFEST, db('  - { id: a, into: [Done], requiresRole: [boss] }\n')])).toEqual([
      {
        file: 'databases/things.yaml',
        line: 12,
        message: "gates.0.requiresRole: unknown role 'boss'; use one of admin, editor, viewer, business, product, engineering, qa, data, sre",
      },
    ]);
    expect(problemsOf([MANIFEST, db('  - { id: a, into: [Done] }\n')])).toEqual([
      { file: 'databases/things.yaml', line: 12, message: 'gates.0.criteria: a gate needs at least one criterion, or requiresRole' },
    ]);
    expect(problemsOf([MANIFEST, db('  - { id: a, into: [Done], requiresRole: { field: Owner } }\n  - { id: b, into: [Done], requiresRole: { field: Points } }\n')])).toEqual([
      { file: 'databases/things.yaml', line: 12, message: "gate 'a' takes its role from 'Owner', which is not a field of things" },
      { file: 'databases/things.yaml', line: 13, message: "gate 'b' takes its role from 'Points', which must be a select, multi_select or text field" },
    ]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findInverse, inverseRelations, inversesOf } from '../src/core/pack/inverse-relations.ts';
import { loadPack, type PackFile } from '../src/core/pack/load-pack.ts';
import { packProblems } from './support/pack-problems.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/packs/inverse', import.meta.url));

/** The fixture pack's files, with one database's text changed. */
function fixture(change: (path: string, text: string) => string = (_p, t) => t): PackFile[] {
  const files = ['pack.yaml', ...readdirSync(join(FIXTURE, 'databases')).map((f) => `databases/${f}`)];
  return files.map((path) => ({ path, text: change(path, readFileSync(join(FIXTURE, path), 'utf8')) }));
}

describe('inverse relations in a pack', () => {
  it('a relation with inverse: shows on each database it links, under its name', () => {
    const pack = loadPack(fixture());
    const byId = new Map(pack.databases.map((d) => [d.id, d]));
    expect(inverseRelations(pack.databases)).toEqual([
      { name: 'Changes', target: 'reviews', source: 'changes', field: 'Affected' },
      { name: 'Changes', target: 'deliverables', source: 'changes', field: 'Affected' },
      { name: 'Deliverables', target: 'reviews', source: 'deliverables', field: 'Gate' },
    ]);
    expect(inversesOf(byId, 'reviews').map((i) => i.name)).toEqual(['Changes', 'Deliverables']);
    expect(findInverse(byId, 'deliverables', 'Deliverables')).toBeUndefined();
    expect(findInverse(byId, 'deliverables', 'Changes')?.source).toBe('changes');
  });

  it('refuses an inverse that clashes with a field, the status or a builtin of the target, or is declared twice there', () => {
    const files = fixture((path, text) => {
      if (path === 'databases/deliverables.yaml') return text.replace('inverse: Deliverables', 'inverse: evidence link');
      if (path === 'databases/changes.yaml') return text.replace('inverse: Changes', 'inverse: Status');
      return text;
    });
    expect(packProblems(files).filter((p) => p.message.includes('clashes'))).toEqual([
      { file: 'databases/changes.yaml', line: 6, message: "inverse 'Status' of 'Affected' clashes with the field 'Status' of reviews; name the inverse differently" },
      { file: 'databases/changes.yaml', line: 6, message: "inverse 'Status' of 'Affected' clashes with the field 'Status' of deliverables; name the inverse differently" },
      {
        file: 'databases/deliverables.yaml',
        line: 6,
        message: "inverse 'evidence link' of 'Gate' clashes with the field 'Evidence Link' of reviews; name the inverse differently",
      },
    ]);
    const twice = fixture((path, text) =>
      path === 'databases/changes.yaml' ? text.replace('to: [reviews, deliverables]', 'to: reviews').replace('inverse: Changes', 'inverse: Deliverables') : text,
    );
    expect(packProblems(twice)).toContainEqual({
      file: 'databases/deliverables.yaml',
      line: 6,
      message: "inverse 'Deliverables' on reviews is already declared by changes 'Affected'; name this one differently",
    });
  });

  it('refuses inverse on a field that is no relation, pending() over an inverse, and evidence statuses a database lacks', () => {
    const files = fixture((path, text) => {
      if (path === 'databases/deliverables.yaml') return text.replace('{ name: Points, type: number }', '{ name: Points, type: number, inverse: Scores }');
      if (path === 'databases/reviews.yaml')
        return text.replace('statuses: [Approved, Rejected]', 'statuses: [Approved, Decided]').replace("related('Changes').all(", "pending('Changes').all(");
      return text;
    });
    expect(packProblems(files).map((p) => [p.file, p.line, p.message.split(' in: ')[0]])).toEqual([
      ['databases/deliverables.yaml', 7, "'inverse' is for relation fields; 'Points' is number"],
      ['databases/reviews.yaml', 16, "evidence status 'Decided' is not among the statuses (Planned, Approved, Rejected)"],
      [
        'databases/reviews.yaml',
        22,
        "criterion 'approve/no-open-change': pending('Changes'): 'Changes' is an inverse relation of reviews; only a relation field has pending references",
      ],
    ]);
  });

  it('a rollup names an inverse like a relation; its field and where are checked against the source database', () => {
    const files = fixture((path, text) =>
      path === 'databases/reviews.yaml' ? text.replace('field: Points, aggregate: sum', 'field: Cost, aggregate: sum').replace("r.status == 'Done'", "r.Colour == 'red'") : text,
    );
    expect(packProblems(files).map((p) => [p.line, p.message.split(' (')[0]])).toEqual([
      [10, "rollup 'Points': deliverables has no field 'Cost'"],
      [9, "rollup 'Done Deliverables' where: 'r' has no field 'Colour'"],
    ]);
  });
});

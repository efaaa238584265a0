import { describe, expect, it } from 'vitest';
import type { DatabaseDef, FieldDef } from './pack-schema.ts';
import { refCandidates, relationTargets, unionDatabase } from './relation-targets.ts';

const db = (id: string, key: DatabaseDef['key'], fields: string[]): DatabaseDef => ({
  id,
  name: id,
  key,
  fields: fields.map((name, i) => ({ name, type: i === 0 ? 'title' : 'text' })),
  status: { field: 'Status', values: ['A', 'B'] },
});

const DBS = new Map([
  ['requirements', db('requirements', { field: 'ID' }, ['ID', 'Priority'])],
  ['icds', db('icds', { prefix: 'ICD' }, ['Name', 'Version'])],
  ['tests', db('tests', { field: 'Test ID' }, ['Test ID', 'Results'])],
]);
const AFFECTED: FieldDef = { name: 'Affected Items', type: 'relation', to: ['requirements', 'icds', 'tests'], refTypes: { ICD: 'icds', Test: 'tests' } };

describe('relation targets', () => {
  it('a label names the database and is stripped; a key names its own database; anything else looks everywhere', () => {
    expect(refCandidates(AFFECTED, 'ICD:Primary Bus', DBS)).toEqual({ ref: 'ICD:Primary Bus', name: 'Primary Bus', databases: ['icds'] });
    expect(refCandidates(AFFECTED, 'test  T-012', DBS)).toEqual({ ref: 'test  T-012', name: 'T-012', databases: ['tests'] });
    expect(refCandidates(AFFECTED, 'ICD-0007', DBS)).toEqual({ ref: 'ICD-0007', name: 'ICD-0007', databases: ['icds'] });
    expect(refCandidates(AFFECTED, 'R-F-002', DBS)).toEqual({ ref: 'R-F-002', name: 'R-F-002', databases: ['requirements', 'icds', 'tests'] });
    expect(refCandidates(AFFECTED, 'ICDs overview', DBS).databases).toEqual(['requirements', 'icds', 'tests']);
  });

  it('a single target is a list of one; the union of targets has every field once', () => {
    expect(relationTargets({ name: 'T', type: 'relation', to: 'tests' })).toEqual(['tests']);
    const union = unionDatabase([...DBS.values()]);
    expect(union.id).toBe('requirements|icds|tests');
    expect(union.fields.map((f) => f.name)).toEqual(['ID', 'Priority', 'Name', 'Version', 'Test ID', 'Results']);
  });
});

import { describe, expect, it } from 'vitest';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import type { EosRecord } from '../records/eos-record.ts';
import { myWork } from './my-work.ts';

const def = {
  id: 'changes',
  name: 'Changes',
  prefix: 'CHG',
  status: { field: 'Status', values: ['Open', 'Review', 'Done'] },
  fields: [
    { name: 'Title', type: 'title' },
    { name: 'Owner', type: 'person' },
    { name: 'Reviewers', type: 'people' },
    { name: 'Blocked By', type: 'text' },
    { name: 'QA Sign-off', type: 'signoff', role: 'qa' },
  ],
} as unknown as DatabaseDef;

let n = 0;
function record(status: string, fields: Record<string, unknown>): EosRecord {
  n++;
  return {
    id: `id${n}`,
    key: `CHG-000${n}`,
    database: 'changes',
    title: `change ${n}`,
    status,
    fields: fields as EosRecord['fields'],
    unresolved: {},
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'root',
    updatedAt: `2026-01-0${n}T00:00:00.000Z`,
    updatedBy: 'root',
  };
}

describe('myWork', () => {
  it('sorts open records into owned, review (reviewer field or my role’s sign-off) and blocked on me', () => {
    const records = [
      record('Open', { Owner: 'Ana' }),
      record('Review', { Owner: 'bo', Reviewers: ['ana', 'cy'] }),
      record('Open', { Owner: 'bo', 'Blocked By': 'ana' }),
      record('Done', { Owner: 'ana' }),
      record('Review', { Owner: 'bo' }),
    ];
    const work = myWork(new Map([['changes', def]]), records, { name: 'ana', roles: ['editor', 'qa'] });
    expect(work.owned.map((w) => [w.key, w.field])).toEqual([['CHG-0001', 'Owner']]);
    expect(work.review.map((w) => [w.key, w.field])).toEqual([
      ['CHG-0005', 'QA Sign-off'],
      ['CHG-0003', 'QA Sign-off'],
      ['CHG-0002', 'Reviewers'],
      ['CHG-0002', 'QA Sign-off'],
      ['CHG-0001', 'QA Sign-off'],
    ]);
    expect(work.blocked.map((w) => [w.key, w.field])).toEqual([['CHG-0003', 'Blocked By']]);
    expect(myWork(new Map([['changes', def]]), records, { name: 'ana', roles: ['editor'] }).review.map((w) => w.key)).toEqual(['CHG-0002']);
  });
});

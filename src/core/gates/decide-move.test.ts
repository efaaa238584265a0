import { describe, expect, it } from 'vitest';
import { ExpressionCompiler } from '../cel/expression-compiler.ts';
import type { EvalHooks } from '../cel/record-environment.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import type { EosRecord } from '../records/eos-record.ts';
import { decideMove, shortestPath } from './decide-move.ts';

const ok = (gate: string) => ({ id: 'ok', check: 'record.OK == true', message: `${gate}: tick OK` });
const db: DatabaseDef = {
  id: 'x',
  name: 'X',
  key: { prefix: 'X' },
  fields: [
    { name: 'Title', type: 'title' },
    { name: 'OK', type: 'checkbox' },
    // A formula that reads the status: a gate sees it as the step's status makes it.
    { name: 'Stage', type: 'formula', expr: "record.status == 'B' ? 'middle' : 'other'" },
  ],
  status: { field: 'Status', values: ['A', 'B', 'C', 'D'], initial: 'A', transitions: { A: ['B'], B: ['C', 'A'], C: [], D: ['A'] } },
  gates: [
    { id: 'leave-a', from: ['A'], criteria: [ok('leave-a')] },
    { id: 'stage', into: ['B'], criteria: [{ id: 'middle', check: "record.Stage == 'middle'", message: 'Stage is middle in B' }] },
    { id: 'enter-c', into: ['C'], criteria: [ok('enter-c')] },
    { id: 'qa-only', from: ['B'], into: ['C'], requiresRole: ['qa'], criteria: [] },
  ],
};
const hooks: EvalHooks = {
  related: () => [],
  count: () => 0,
  metric: () => 0,
  pending: () => [],
  sop: () => ({ done: 0, total: 0 }),
  decided: () => false,
  flag: () => false,
};
const compiler = new ExpressionCompiler([db]);
const now = new Date('2026-06-01T00:00:00Z');
const record = (status: string, fields: Record<string, boolean> = {}): EosRecord => ({
  id: 'r1',
  key: 'X-0001',
  database: 'x',
  title: 't',
  status,
  fields: { Title: 't', ...fields },
  unresolved: {},
  version: 1,
  createdAt: now.toISOString(),
  createdBy: 'ann',
  updatedAt: now.toISOString(),
  updatedBy: 'ann',
});
const admin = { name: 'ann', role: 'admin' } as const;
const editor = { name: 'ed', role: 'editor' } as const;
const decide = (status: string, from: string | null, actor: typeof admin | typeof editor = admin, fields?: Record<string, boolean>) =>
  decideMove({ def: db, record: record(status, fields), from, actor, compiler, hooks, now });

describe('decideMove, the one move check', () => {
  it('finds the shortest walk of the lifecycle, or none', () => {
    expect(shortestPath(db, 'A', 'C')).toEqual([
      { from: 'A', to: 'B' },
      { from: 'B', to: 'C' },
    ]);
    expect(shortestPath(db, 'A', 'D')).toBeNull();
    expect(shortestPath(db, 'A', 'A')).toEqual([]);
  });

  it('decides a create in a later status as the walk from the initial one: every step, each criterion with its step', () => {
    const decision = decide('C', null);
    expect(decision.path.map((s) => `${s.from}→${s.to}`)).toEqual(['A→B', 'B→C']);
    expect(decision.refusal).toEqual({
      kind: 'unmet',
      record: 'X-0001',
      from: null,
      to: 'C',
      created: true,
      walk: [
        { from: 'A', to: 'B' },
        { from: 'B', to: 'C' },
      ],
      unmet: [
        { gate: 'leave-a', criterion: 'ok', message: 'leave-a: tick OK', step: { from: 'A', to: 'B' } },
        { gate: 'enter-c', criterion: 'ok', message: 'enter-c: tick OK', step: { from: 'B', to: 'C' } },
      ],
    });
    // The formula is recomputed for B on the way: the `stage` gate holds there.
    expect(decide('C', null, admin, { OK: true }).refusal).toBeNull();
  });

  it('refuses a create no walk reaches, a move the lifecycle does not allow, and a move to where the record is', () => {
    expect(decide('D', null).refusal).toEqual({ kind: 'no_path', record: 'X-0001', from: 'A', to: 'D', next: ['B'], created: true });
    expect(decide('C', 'A').refusal).toEqual({ kind: 'no_path', record: 'X-0001', from: 'A', to: 'C', next: ['B'], created: false });
    expect(decide('B', 'B').refusal).toEqual({ kind: 'already', record: 'X-0001', to: 'B' });
    expect(decide('Z', 'A').refusal).toMatchObject({ kind: 'unknown_status', to: 'Z' });
  });

  it('refuses a role on any step of the walk before the criteria, naming the step; an admin passes', () => {
    const refusal = decide('C', null, editor, { OK: true }).refusal;
    expect(refusal).toMatchObject({ kind: 'role', step: { from: 'B', to: 'C' }, created: true });
    expect(refusal?.kind === 'role' && refusal.error.message).toBe('Only qa can move X-0001 to C (gate qa-only); ed has the editor role');
  });
});

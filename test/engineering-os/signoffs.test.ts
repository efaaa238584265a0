import { beforeAll, describe, expect, it } from 'vitest';
import { listDecisions } from '../../src/app/decide.ts';
import { getRecord } from '../../src/app/records/read-records.ts';
import { moveRecord } from '../../src/app/records/update-record.ts';
import type { Session } from '../../src/app/session.ts';
import { failure } from '../support/failure.ts';
import { packWorkspace, unmet } from './pack-harness.ts';

// Issue #10 point 4: the persona recommendations and gate approvals of seed 003 are signatures, not selects.
describe('engineering-os sign-offs: phase gates (seed 003)', () => {
  const h = packWorkspace();
  const { create, set, sign } = h;
  let s: Session;
  beforeAll(() => {
    s = h.session();
  });

  async function g6(title: string): Promise<string> {
    return create('gate-reviews', {
      Gate: title,
      'Success Criteria Met': '5',
      'Success Criteria Total': '5',
      Decision: 'GO',
      'Decision Time': '2025-12-05T15:25:00Z',
      // What one editor could set for everyone before: it no longer approves anything.
      Business: 'GO',
      Product: 'GO',
      Engineering: 'GO',
      QA: 'GO',
      Data: 'GO',
      SRE: 'GO',
    });
  }

  it("G6 can't be approved on selects: every persona signs, each in their own role", async () => {
    const key = await g6('G6 Launch Readiness');
    expect(await unmet(moveRecord(s, { ref: key, to: 'Approved' }))).toEqual(['go/accountable', 'go/co-approvers', 'go/consulted']);
    // The editor who set six GOs can't sign one of them.
    const editorSigns = await failure(sign(key, 'Product Sign-off', 'tester', 'editor'));
    expect(editorSigns.code).toBe('forbidden');
    expect(editorSigns.message).toBe(`Only product can sign Product Sign-off of ${key}; tester has the editor role`);
    await sign(key, 'Product Sign-off', 'priya', 'product');
    await sign(key, 'Business Sign-off', 'bo', 'business');
    await sign(key, 'Engineering Sign-off', 'tl', 'engineering');
    expect(await unmet(moveRecord(s, { ref: key, to: 'Approved' }))).toEqual(['go/co-approvers', 'go/consulted']);
    await sign(key, 'SRE Sign-off', 'sid', 'sre');
    // Consulted reviewers are heard either way: a NO-GO from QA is a recorded recommendation.
    await sign(key, 'QA Sign-off', 'quinn', 'qa', 'no_go');
    await sign(key, 'Data Sign-off', 'dana', 'data');
    const { record } = await moveRecord(s, { ref: key, to: 'Approved' });
    expect(record.status).toBe('Approved');
    const actions = (await listDecisions(s, { record: key })).map((d) => `${d.action} ${d.actor}`);
    // The approval also froze its evidence (ADR 047).
    expect(actions.sort()).toEqual(['evidence.freeze tester', 'signoff.go bo', 'signoff.go dana', 'signoff.go priya', 'signoff.go sid', 'signoff.go tl', 'signoff.no_go quinn']);
  });

  it('a change to the gate review after signing makes every signature stale, and the gate sees none', async () => {
    const key = await g6('G6 Launch Readiness (rerun)');
    for (const [field, by, role] of [
      ['Product Sign-off', 'priya', 'product'],
      ['Business Sign-off', 'bo', 'business'],
      ['Engineering Sign-off', 'tl', 'engineering'],
      ['SRE Sign-off', 'sid', 'sre'],
      ['QA Sign-off', 'quinn', 'qa'],
      ['Data Sign-off', 'dana', 'data'],
    ] as const)
      await sign(key, field, by, role);
    await set(key, { 'Success Criteria Met': '4' });
    const read = await getRecord(s, key);
    expect(read.fields['Product Sign-off']).toMatchObject({ verdict: 'go', by: 'priya', current: false });
    expect(await unmet(moveRecord(s, { ref: key, to: 'Approved' }))).toEqual(['go/accountable', 'go/co-approvers', 'go/consulted', 'go/criteria-met']);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, verifyAudit } from '../src/app/audit-trail.ts';
import { listDecisions } from '../src/app/decide.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { gateCheck } from '../src/app/records/gate-check.ts';
import { linkRecords } from '../src/app/records/link-records.ts';
import { getRecord } from '../src/app/records/read-records.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');

describe.each(ENGINES)('gates on %s', (engine) => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store, { clock: () => NOW });
  });
  afterAll(async () => {
    await store.close();
  });

  async function change(title: string, ...set: [string, string][]): Promise<string> {
    return (await createRecord(s, { database: 'changes', set: [['Title', title], ...set] })).record.key;
  }

  it('lists every unmet criterion of an exit gate, and changes nothing', async () => {
    const key = await change('Unreviewed');
    await moveRecord(s, { ref: key, to: 'Under Review' });
    const error = await failure(moveRecord(s, { ref: key, to: 'Approved' }));
    expect(error.code).toBe('gate_blocked');
    expect(error.toJSON()).toEqual({
      error: {
        code: 'gate_blocked',
        message: `${key} can't move to Approved: 2 criteria unmet`,
        record: key,
        from: 'Under Review',
        to: 'Approved',
        unmet: [
          { gate: 'review-exit', criterion: 'risk-level', message: 'Set a Risk Level' },
          { gate: 'review-exit', criterion: 'impact', message: 'Impact Analysis must name at least one area' },
        ],
      },
    });
    const record = await getRecord(s, key);
    expect(record.status).toBe('Under Review');
    expect(record.version).toBe(2);
    await updateRecord(s, {
      ref: key,
      set: [
        ['Risk Level', 'Low'],
        ['Impact Analysis', 'Schedule'],
      ],
    });
    const { record: moved } = await moveRecord(s, { ref: key, to: 'approved' });
    expect(moved.status).toBe('Approved');
  });

  it('refuses a transition the lifecycle does not allow', async () => {
    const key = await change('Skipper');
    const error = await failure(moveRecord(s, { ref: key, to: 'Closed' }));
    expect(error.code).toBe('gate_blocked');
    expect(error.details.unmet).toEqual([
      { gate: 'lifecycle', criterion: 'transition', message: "Changes can't go from Proposed to Closed; from Proposed it can go to: Under Review, Rejected" },
    ]);
    const unknown = await failure(moveRecord(s, { ref: key, to: 'Nowhere' }));
    expect(unknown.code).toBe('invalid_input');
  });

  it('checks an entrance gate over related records: a change closes only when every linked test passed', async () => {
    const key = await change('Closer', ['Risk Level', 'Low'], ['Impact Analysis', 'Quality'], ['Verification Needed', 'TC-1;TC-2']);
    await createRecord(s, {
      database: 'tests',
      set: [
        ['Test ID', 'TC-1'],
        ['Results', 'Pass'],
      ],
    });
    await createRecord(s, {
      database: 'tests',
      set: [
        ['Test ID', 'TC-2'],
        ['Results', 'Fail'],
      ],
    });
    for (const to of ['Under Review', 'Approved']) await moveRecord(s, { ref: key, to });
    const error = await failure(moveRecord(s, { ref: key, to: 'Closed' }));
    expect((error.details.unmet as { criterion: string }[]).map((u) => u.criterion)).toEqual(['rollback', 'comms', 'verified']);
    await updateRecord(s, {
      ref: key,
      set: [
        ['Rollback Plan', 'Revert to rev A'],
        ['Communications Done', 'true'],
      ],
    });
    const still = await failure(moveRecord(s, { ref: key, to: 'Closed' }));
    expect(still.details.unmet).toEqual([{ gate: 'close', criterion: 'verified', message: 'Every linked test must pass' }]);
    await updateRecord(s, { ref: 'TC-2', set: [['Results', 'Pass']] });
    expect((await moveRecord(s, { ref: key, to: 'Closed' })).record.status).toBe('Closed');
  });

  it('a creation into a later status walks the lifecycle: every gate of every step must hold, each criterion naming its step', async () => {
    const error = await failure(
      createRecord(s, {
        database: 'changes',
        set: [
          ['Title', 'Born closed'],
          ['Status', 'Closed'],
        ],
      }),
    );
    expect(error.code).toBe('gate_blocked');
    expect(error.message).toMatch(/^CHG-\d{4} can't move to Closed: 5 criteria unmet on the way from Proposed$/);
    expect(error.details).toMatchObject({ from: null, to: 'Closed' });
    const review = { from: 'Under Review', to: 'Approved' };
    const close = { from: 'Approved', to: 'Closed' };
    expect(error.details.unmet).toEqual([
      { gate: 'review-exit', criterion: 'risk-level', message: 'Set a Risk Level', step: review },
      { gate: 'review-exit', criterion: 'impact', message: 'Impact Analysis must name at least one area', step: review },
      { gate: 'close', criterion: 'rollback', message: 'Write a rollback plan', step: close },
      { gate: 'close', criterion: 'comms', message: 'Tick Communications Done', step: close },
      { gate: 'close', criterion: 'verified', message: 'Every linked test must pass', step: close },
    ]);
  });

  describe('waivers', () => {
    let target: string;
    async function waiver(criteria: string, expires: string, approve = true): Promise<string> {
      const key = await change(
        `Waiver for ${target} ${criteria} ${expires}`,
        ['Type', 'Waiver'],
        ['Risk Level', 'Low'],
        ['Impact Analysis', 'Schedule'],
        ['Waived Record', target],
        ['Waived Criteria', criteria],
        ['Approver', 'qa-lead'],
        ['Expires', expires],
      );
      if (approve) for (const to of ['Under Review', 'Approved']) await moveRecord(s, { ref: key, to });
      return key;
    }
    beforeAll(async () => {
      target = await change(
        'Waivable',
        ['Risk Level', 'Low'],
        ['Impact Analysis', 'Cost'],
        ['Rollback Plan', 'revert'],
        ['Communications Done', 'true'],
        ['Verification Needed', 'TW-1'],
      );
      await createRecord(s, {
        database: 'tests',
        set: [
          ['Test ID', 'TW-1'],
          ['Results', 'Fail'],
        ],
      });
      for (const to of ['Under Review', 'Approved']) await moveRecord(s, { ref: target, to });
    });

    it('an unapproved waiver does not count', async () => {
      const w = await waiver('close/verified', '2026-12-31', false);
      const error = await failure(moveRecord(s, { ref: target, to: 'Closed', waiver: w }));
      expect(error.code).toBe('gate_blocked');
      expect(error.details.waiver).toEqual({ key: w, problem: `waiver ${w} is not approved (record.Type in ['Waiver', 'Deviation'] && record.status == 'Approved')` });
    });

    it('an expired waiver does not count', async () => {
      const w = await waiver('close/verified', '2026-05-31');
      const error = await failure(moveRecord(s, { ref: target, to: 'Closed', waiver: w }));
      expect(error.details.waiver).toEqual({ key: w, problem: `waiver ${w} expired on 2026-05-31` });
    });

    it('a waiver passes only the criteria it names', async () => {
      await updateRecord(s, { ref: target, set: [['Communications Done', 'false']] });
      const w = await waiver('verified', '2026-06-30');
      const error = await failure(moveRecord(s, { ref: target, to: 'Closed', waiver: w }));
      expect(error.details.unmet).toEqual([{ gate: 'close', criterion: 'comms', message: 'Tick Communications Done' }]);
      await updateRecord(s, { ref: target, set: [['Communications Done', 'true']] });
      const { record } = await moveRecord(s, { ref: target, to: 'Closed', waiver: w });
      expect(record.status).toBe('Closed');
      const [decision] = await listDecisions(s, { record: target });
      expect(decision).toMatchObject({
        scope: 'changes',
        action: 'gate.waive',
        summary: `${target} moved Approved → Closed under waiver ${w}, waiving close/verified`,
        recordKey: target,
        evidence: [w],
        actor: 'tester',
      });
      const trail = await auditTrail(s, { ref: target });
      expect(trail.slice(-2).map((e) => e.action)).toEqual(['record.move', 'decision.create']);
      const move = trail.at(-2);
      expect((move?.after as { details: unknown } | undefined)?.details).toEqual({ from: 'Approved', to: 'Closed', waiver: w, waived: ['close/verified'] });
    });
  });

  it('counts across a database: a WIP limit of 3 per person', async () => {
    const tasks: string[] = [];
    for (let i = 0; i < 4; i++)
      tasks.push(
        (
          await createRecord(s, {
            database: 'tasks',
            set: [
              ['Title', `task ${i}`],
              ['Assignee', 'ana'],
              ['Estimate', '2'],
            ],
          })
        ).record.key,
      );
    for (const t of tasks.slice(0, 3)) await moveRecord(s, { ref: t, to: 'In Progress' });
    const error = await failure(moveRecord(s, { ref: tasks[3] ?? '', to: 'In Progress' }));
    expect(error.details.unmet).toEqual([{ gate: 'wip', criterion: 'wip-limit', message: 'Nobody may have more than 3 tasks In Progress' }]);
    const other = (
      await createRecord(s, {
        database: 'tasks',
        set: [
          ['Title', 'bob task'],
          ['Assignee', 'bob'],
          ['Estimate', '1'],
        ],
      })
    ).record.key;
    expect((await moveRecord(s, { ref: other, to: 'In Progress' })).record.status).toBe('In Progress');
  });

  it('metric() reads the delivery metrics at gate time: unmet while the change failure rate over 14 days is over 10%', async () => {
    const key = (
      await createRecord(s, {
        database: 'tasks',
        set: [
          ['Title', 'metric task'],
          ['Assignee', 'zed'],
          ['Estimate', '1'],
        ],
      })
    ).record.key;
    await moveRecord(s, { ref: key, to: 'In Progress' });
    const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
    const deployment = (n: number, hoursAgo: number) => ({ id: `d${n}`, repo: 'app', environment: 'production', result: 'success', finishedAt: at(hoursAgo), commitSha: `c${n}` });
    // One deployment, followed by an incident: 100% of the last 14 days' deployments failed.
    await ingestEvents(s, { deployments: [deployment(1, 48)], incidents: [{ id: 'i1', project: 'app', createdAt: at(47) }] });
    const error = await failure(moveRecord(s, { ref: key, to: 'Done' }));
    expect(error.details.unmet).toEqual([{ gate: 'stale', criterion: 'metric', message: 'Change failure rate must be at most 10%' }]);
    // Nine clean deployments since: 1 of 10 failed, at the limit.
    await ingestEvents(s, { deployments: [2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => deployment(n, 40 - n)) });
    expect((await moveRecord(s, { ref: key, to: 'Done' })).record.status).toBe('Done');
  });

  it('gate check reports every next status of a record without changing it', async () => {
    const key = await change('Checked');
    await moveRecord(s, { ref: key, to: 'Under Review' });
    const before = await getRecord(s, key);
    const report = await gateCheck(s, { ref: key });
    expect(report).toEqual({
      checked: 1,
      blocked: 1,
      records: [
        {
          record: key,
          database: 'changes',
          status: 'Under Review',
          next: [
            { to: 'Proposed', gates: ['review-exit'], passes: false, unmet: expect.any(Array) },
            { to: 'Approved', gates: ['review-exit'], passes: false, unmet: expect.any(Array) },
            { to: 'Rejected', gates: ['review-exit'], passes: false, unmet: expect.any(Array) },
          ],
        },
      ],
    });
    expect(await getRecord(s, key)).toEqual(before);
    const all = await gateCheck(s, { database: 'changes' });
    expect(all.checked).toBeGreaterThan(5);
  });

  it("the audit chain verifies, and names the first entry altered behind eos's back", async () => {
    expect(await verifyAudit(s)).toMatchObject({ ok: true });
    const trail = await auditTrail(s);
    const victim = trail[5];
    await store.db.execute(sql`update audit set actor = 'mallory' where workspace_id = ${s.workspaceId} and seq = ${victim?.seq}`);
    const result = await verifyAudit(s);
    expect(result).toEqual({
      ok: false,
      entries: trail.length,
      check: 'chain',
      firstBad: victim?.seq,
      reason: 'its content does not match its hash: it was altered after it was written',
      at: expect.any(String),
    });
    await store.db.execute(sql`update audit set actor = ${victim?.actor} where workspace_id = ${s.workspaceId} and seq = ${victim?.seq}`);
    await store.db.execute(sql`update audit set after = jsonb_set(after, '{status}', '"Closed"') where workspace_id = ${s.workspaceId} and seq = ${(victim?.seq ?? 0) + 2}`);
    expect(await verifyAudit(s)).toMatchObject({ ok: false, firstBad: (victim?.seq ?? 0) + 2 });
    await store.db.execute(sql`delete from audit where workspace_id = ${s.workspaceId} and seq = 2`);
    expect(await verifyAudit(s)).toMatchObject({ ok: false, firstBad: 3, reason: 'entry 2 is missing (found 3 next)' });
  });

  it('link and unlink record their own audit actions', async () => {
    const key = await change('Linker');
    await linkRecords(s, { ref: key, field: 'Verification Needed', targets: ['TC-1'] }, 'link');
    const actions = (await auditTrail(s, { ref: key })).map((e) => e.action);
    expect(actions).toEqual(['record.create', 'record.link']);
  });
});

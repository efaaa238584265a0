import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTeamSettings } from '../src/app/delivery-scope.ts';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { initWorkspace } from '../src/app/init-workspace.ts';
import { readPack } from '../src/app/read-pack.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import { checkRitualSnapshot, ritualSnapshotOf } from '../src/app/rituals/check-ritual-snapshot.ts';
import { listRituals } from '../src/app/rituals/list-rituals.ts';
import { runRitual, runRitualPass, snapshotHash } from '../src/app/rituals/run-ritual.ts';
import { openSession, type Session } from '../src/app/session.ts';
import { loadPack } from '../src/core/pack/load-pack.ts';
import { isoWeek, quarterOccurrence, weeklyOccurrence } from '../src/core/rituals/ritual-occurrence.ts';
import { buildServer } from '../src/http/build-server.ts';
import { startRitualSchedule } from '../src/http/ritual-schedule.ts';
import { listAudit } from '../src/store/audit-rows.ts';
import { listRecordRows } from '../src/store/record-rows.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { packProblems } from './support/pack-problems.ts';

// Issue 12, point 3: rituals that produce their record, on time, once, with a hashed snapshot.

const { pack } = readPack('engineering-os');
// The workspace got its rituals on Wednesday 24 June 2026; the first weekly review falls due Monday 29 June, 09:00 UTC.
const LOADED = new Date('2026-06-24T12:00:00Z');
const DUE = new Date('2026-06-29T09:00:00Z');
const at = (day: number, hour = 10) => `2026-06-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;

/** A clock the test moves. */
function movableClock(start: Date): { clock: () => Date; set: (d: Date) => void } {
  let now = start;
  return { clock: () => now, set: (d) => (now = d) };
}

async function workspace(store: Store, clock: () => Date): Promise<Session> {
  const workspaceId = `r-${randomUUID().slice(0, 12)}`;
  await initWorkspace({ store, workspaceId, pack, actor: 'tester', now: LOADED });
  return openSession({ store, workspaceId, actor: 'tester', clock });
}

/** The week 22–28 June: api deploys on the 23rd, 24th (failed: a P1 an hour later) and 25th; one PR shipped by the first. */
async function seedWeek(s: Session): Promise<void> {
  await setTeamSettings(s, { team: 'Platform', projects: ['api'] });
  const part = (day: number, shipped?: string[]) => ({
    id: `api-${day}`,
    project: 'api',
    repo: 'api',
    environment: 'production',
    result: 'success',
    startedAt: at(day),
    finishedAt: at(day),
    commitSha: `sha-${day}`,
    ...(shipped ? { shippedCommits: shipped } : {}),
  });
  await ingestEvents(s, {
    deployments: [part(16), part(23, ['p1m']), part(24), part(25)],
    incidents: [{ id: 'INC-1', project: 'api', severity: 'P1', createdAt: at(24, 11), resolvedAt: at(24, 12) }],
    pullRequests: [
      // First commit 07:00, created 08:00, merged 09:00, deployed 10:00: cycle 180 min, deploy stage 60.
      {
        id: 'api#1',
        project: 'api',
        repo: 'api',
        author: 'ana',
        createdAt: at(23, 8),
        mergedAt: at(23, 9),
        mergeCommitSha: 'p1m',
        commits: [{ sha: 'p1', authoredAt: at(23, 7) }],
      },
    ],
  });
}

const weeklyRecords = (s: Session) => listRecordRows(s.store.db, s.workspaceId, { database: 'weekly-reviews' });

describe('ritual occurrences', () => {
  it('reviews the full week (or quarter) before the last fire, named by ISO week (or quarter)', () => {
    expect(weeklyOccurrence('0 9 * * 1', DUE)).toEqual({ id: '2026-W26', due: DUE.toISOString(), from: '2026-06-22T00:00:00.000Z', to: '2026-06-29T00:00:00.000Z' });
    // A minute earlier, the last fire was the Monday before: the week before that.
    expect(weeklyOccurrence('0 9 * * 1', new Date('2026-06-29T08:59:00Z'))?.id).toBe('2026-W25');
    expect(isoWeek(Date.parse('2026-12-28'))).toBe('2026-W53');
    expect(isoWeek(Date.parse('2024-12-30'))).toBe('2025-W01');
    expect(quarterOccurrence('0 9 1 1,4,7,10 *', new Date('2026-07-01T09:00:00Z'))).toEqual({
      id: '2026-Q2',
      due: '2026-07-01T09:00:00.000Z',
      from: '2026-04-01T00:00:00.000Z',
      to: '2026-07-01T00:00:00.000Z',
    });
  });
});

describe('rituals in a pack (rituals/*.yaml)', () => {
  it('loads the engineering-os rituals, each quoting its seed line', () => {
    expect(pack.rituals.map((r) => [r.id, r.kind, r.database])).toEqual([
      ['weekly-delivery-review', 'weekly-delivery-review', 'weekly-reviews'],
      ['customer-call-prep', 'call-prep', 'call-preps'],
      ['quarter-review', 'quarter-review', 'quarter-reviews'],
    ]);
    expect(pack.rituals[1]).toMatchObject({ calls: { database: 'customer-calls', field: 'Date' }, hoursBefore: 48 });
  });

  it('refuses a bad ritual with its file and line: kind, cron, database, fields', () => {
    const base = [
      { path: 'pack.yaml', text: 'id: r\nname: R\nversion: "1"\n' },
      {
        path: 'databases/notes.yaml',
        text: 'id: notes\nname: Notes\nkey: { prefix: N }\nfields:\n  - { name: Title, type: title }\n  - { name: Date, type: text }\nstatus: { field: Status, values: [Open, Done] }\n',
      },
    ];
    const problems = packProblems([
      ...base,
      {
        path: 'rituals/r.yaml',
        text: `- { id: a, name: A, kind: standup, database: notes }
- { id: b, name: B, kind: weekly-delivery-review, database: notes, cron: "every monday" }
- { id: c, name: C, kind: weekly-delivery-review, database: nowhere, cron: "0 9 * * 1" }
- { id: d, name: D, kind: call-prep, database: notes, calls: { database: notes, field: Date }, hoursBefore: 48 }
`,
      },
    ]);
    expect(problems).toEqual([
      { file: 'rituals/r.yaml', line: 1, message: "0.kind: unknown kind 'standup'; use one of weekly-delivery-review, call-prep, quarter-review" },
      { file: 'rituals/r.yaml', line: 2, message: "1.cron: is not a cron pattern (UTC), e.g. '0 9 * * 1' for Mondays at 09:00" },
    ]);
    const more = packProblems([
      ...base,
      {
        path: 'rituals/r.yaml',
        text: `- { id: c, name: C, kind: weekly-delivery-review, database: nowhere, cron: "0 9 * * 1" }
- { id: d, name: D, kind: call-prep, database: notes, calls: { database: notes, field: Date }, hoursBefore: 48 }
`,
      },
    ]);
    expect(more).toEqual([
      { file: 'rituals/r.yaml', line: 1, message: "ritual 'c': there is no database 'nowhere'" },
      { file: 'rituals/r.yaml', line: 2, message: "ritual 'd': notes needs a relation field 'Call'" },
      { file: 'rituals/r.yaml', line: 2, message: "ritual 'd': notes needs a date field 'Call Date'" },
      { file: 'rituals/r.yaml', line: 2, message: "ritual 'd': notes needs a datetime field 'Due'" },
      { file: 'rituals/r.yaml', line: 2, message: "ritual 'd': notes has no date field 'Date'" },
    ]);
    expect(() => loadPack(base)).not.toThrow();
  });
});

describe('the weekly delivery review', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openEngine('pglite');
  });
  afterAll(async () => store.close());

  it('fires at its time through the real scheduler, creates exactly one record, and its snapshot hash matches the audit entry', async () => {
    const time = movableClock(new Date('2026-06-29T08:59:00Z'));
    const s = await workspace(store, time.clock);
    await seedWeek(s);
    // Before its time, a pass creates nothing: the week before fell due before the workspace had rituals.
    expect((await runRitualPass(s)).runs).toEqual([]);

    time.set(DUE);
    const log = pino({ level: 'silent' });
    // Every second, as `eos serve` would every 5 minutes; the clock is the session's.
    const schedule = startRitualSchedule({ cron: '* * * * * *', session: async () => s, log });
    for (let i = 0; i < 60 && (await weeklyRecords(s)).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1200)); // at least one more tick: still one record
    await schedule.stop();

    const records = await weeklyRecords(s);
    expect(records.map((r) => [r.key, r.title, r.status, r.sourceRef, r.createdBy])).toEqual([
      ['WR-0001', '2026-W26 delivery review', 'Draft', 'ritual:weekly-delivery-review:2026-W26', 'tester'],
    ]);
    const record = records[0];
    if (!record) throw new Error('no record');
    expect(record.fields.Date).toBe('2026-06-29');
    expect(record.fields['Metrics Snapshot']).toBe(
      [
        '| Metric | Value |',
        '|---|---|',
        '| Deployments | 3 on 3 days |',
        '| Lead time for changes (median) | 3.0 h |',
        '| Change failure rate | 33.3% (1 failed) |',
        '| Failed deployment recovery (median) | 2.0 h |', // failed deployment 10:00 → incident resolved 12:00
        '| Merged PRs | 1 |',
        '| PR cycle time (median) | 3.0 h |',
        '| Coding | 1.0 h |',
        '| Pickup (time to first review) | no data |',
        '| Review | no data |',
        '| Deploy (merge to production) | 1.0 h |',
        '| Review SLA breaches (4h first review / 24h approval) | 0 / 0 |',
        '',
        '| Week from | Deployments | Lead time (median) | Change failure rate | PR cycle (median) |',
        '|---|---|---|---|---|',
        '| 2026-05-04 | 0 | no data | no data | no data |',
        '| 2026-05-11 | 0 | no data | no data | no data |',
        '| 2026-05-18 | 0 | no data | no data | no data |',
        '| 2026-05-25 | 0 | no data | no data | no data |',
        '| 2026-06-01 | 0 | no data | no data | no data |',
        '| 2026-06-08 | 0 | no data | no data | no data |',
        '| 2026-06-15 | 1 | no data | 0.0% | no data |',
        '| 2026-06-22 | 3 | 3.0 h | 33.3% | 3.0 h |',
      ].join('\n'),
    );
    expect(record.fields.Targets).toContain('| Change failure rate under 5% | changeFailureRate (30d) | < 5.0% | 25.0% | MISSED |');
    expect(record.fields['SLA Breaches']).toBe('No review-SLA breaches.');

    // The hash: of the snapshot the decision froze, in the record, in its create audit entry.
    const check = await checkRitualSnapshot(s, 'WR-0001');
    expect(check).toMatchObject({ record: 'WR-0001', ritual: 'weekly-delivery-review', occurrence: '2026-W26', ok: true });
    expect(check.recomputed).toMatch(/^[0-9a-f]{64}$/);
    expect([check.decision, check.field, check.createAudit]).toEqual([check.recomputed, check.recomputed, check.recomputed]);
    const [create] = await listAudit(s.store.db, s.workspaceId, { recordId: record.id, actions: ['record.create'] });
    expect((create?.after as { fields?: Record<string, unknown> } | undefined)?.fields?.['Snapshot SHA-256']).toBe(check.recomputed);
    const frozen = await ritualSnapshotOf(s, 'WR-0001');
    expect(frozen?.snapshot.metrics).toMatchObject({ deployments: 3, failedDeployments: 1, leadTimeMinutes: 180, cycleMinutes: 180 });
    expect(snapshotHash(frozen?.snapshot as never)).toBe(check.recomputed);

    // Gates apply as to any record: Done needs what shipped, the risks, the milestone…
    const refused = await failure(moveRecord(s, { ref: 'WR-0001', to: 'Done' }));
    expect([refused.code, refused.message]).toEqual(['gate_blocked', "WR-0001 can't move to Done: 4 criteria unmet"]);
    expect((refused.details.unmet as { message: string }[]).map((u) => u.message)).toEqual([
      'List what shipped with evidence links',
      'Link the top three risks (one to three)',
      'State the next milestone and its pass criteria',
      'Say what gets deprioritized',
    ]);
  });

  it('runs inside the server as `eos serve` builds it (ritualsCron), and stops with it', async () => {
    const s = await workspace(store, () => DUE);
    const app = await buildServer({ store, workspaceId: s.workspaceId, ritualsCron: '* * * * * *', clock: () => DUE });
    try {
      for (let i = 0; i < 60 && (await weeklyRecords(s)).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await app.close();
    }
    expect((await weeklyRecords(s)).map((r) => [r.key, r.sourceRef, r.createdBy])).toEqual([['WR-0001', 'ritual:weekly-delivery-review:2026-W26', 'eos-rituals']]);
    // A bad pattern is refused naming its setting.
    const bad = await failure(buildServer({ store, workspaceId: s.workspaceId, ritualsCron: 'every monday' }));
    expect(bad.message).toContain("EOS_RITUALS_CRON 'every monday' is not a cron pattern");
  });

  it('with --at, creates a past occurrence on purpose, once; refuses a future time and an unknown ritual', async () => {
    const s = await workspace(store, () => new Date('2026-07-08T12:00:00Z'));
    const first = await runRitual(s, 'weekly-delivery-review', { at: '2026-06-22T09:00:00Z' });
    expect(first).toEqual([
      {
        ritual: 'weekly-delivery-review',
        occurrence: '2026-W25',
        due: '2026-06-22T09:00:00.000Z',
        record: 'WR-0001',
        created: true,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect(await runRitual(s, 'weekly-delivery-review', { at: '2026-06-22T10:00:00Z' })).toEqual([
      { ritual: 'weekly-delivery-review', occurrence: '2026-W25', due: '2026-06-22T09:00:00.000Z', record: 'WR-0001', created: false },
    ]);
    // An edit of the hash field is seen: the check recomputes from the frozen snapshot and reads the create entry.
    await updateRecord(s, { ref: 'WR-0001', set: [['Snapshot SHA-256', '0'.repeat(64)]] });
    const check = await checkRitualSnapshot(s, 'WR-0001');
    expect([check.ok, check.field, check.createAudit]).toEqual([false, '0'.repeat(64), first[0]?.sha256]);
    expect(check.recomputed).toBe(first[0]?.sha256);
    const future = await failure(runRitual(s, 'weekly-delivery-review', { at: '2026-08-01' }));
    expect([future.code, future.message]).toEqual(['invalid_input', '--at 2026-08-01T00:00:00.000Z is in the future; a ritual runs for now or a past time']);
    const unknown = await failure(runRitual(s, 'standup'));
    expect([unknown.code, unknown.message]).toEqual([
      'not_found',
      "No ritual 'standup'; the workspace has weekly-delivery-review, customer-call-prep, quarter-review (eos ritual list)",
    ]);
  });

  it('lists each ritual with when it is next due', async () => {
    const s = await workspace(store, () => new Date('2026-06-30T12:00:00Z'));
    await createRecord(s, {
      database: 'customer-calls',
      set: [
        ['Call', 'Evergreen follow-up'],
        ['Date', '2026-07-07'],
      ],
    });
    expect(await listRituals(s)).toEqual([
      {
        id: 'weekly-delivery-review',
        name: 'Weekly delivery review',
        kind: 'weekly-delivery-review',
        database: 'weekly-reviews',
        schedule: 'cron 0 9 * * 1 (UTC)',
        nextDue: '2026-07-06T09:00:00.000Z',
      },
      {
        id: 'customer-call-prep',
        name: 'Customer call prep checklist',
        kind: 'call-prep',
        database: 'call-preps',
        schedule: '48h before each customer-calls.Date',
        nextDue: '2026-07-05T00:00:00.000Z',
        nextOccurrence: 'CALL-0001',
      },
      {
        id: 'quarter-review',
        name: 'Quarter review',
        kind: 'quarter-review',
        database: 'quarter-reviews',
        schedule: 'cron 0 9 1 1,4,7,10 * (UTC)',
        nextDue: '2026-07-01T09:00:00.000Z',
      },
    ]);
  });
});

describe('the customer-call prep checklist', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openEngine('pglite');
  });
  afterAll(async () => store.close());

  it('is created 48 hours before each call, once, linked to the call; its gate refuses Done until every box is ticked', async () => {
    const time = movableClock(new Date('2026-06-29T23:59:00Z'));
    const s = await workspace(store, time.clock);
    await createRecord(s, {
      database: 'customer-calls',
      set: [
        ['Call', 'Evergreen follow-up'],
        ['Date', '2026-07-02'],
      ],
    });
    await createRecord(s, {
      database: 'customer-calls',
      set: [
        ['Call', 'Past call'],
        ['Date', '2026-06-01'],
      ],
    });
    const preps = () => listRecordRows(s.store.db, s.workspaceId, { database: 'call-preps' });
    expect((await runRitualPass(s)).runs.filter((r) => r.ritual === 'customer-call-prep')).toEqual([]);

    time.set(new Date('2026-06-30T00:00:00Z'));
    expect((await runRitualPass(s)).runs.filter((r) => r.ritual === 'customer-call-prep')).toEqual([
      { ritual: 'customer-call-prep', occurrence: 'CALL-0001', due: '2026-06-30T00:00:00.000Z', record: 'PREP-0001', created: true },
    ]);
    time.set(new Date('2026-07-01T10:00:00Z'));
    expect((await runRitualPass(s)).runs.filter((r) => r.ritual === 'customer-call-prep').map((r) => r.created)).toEqual([false]);
    const [prep] = await preps();
    expect([prep?.key, prep?.title, prep?.status, prep?.fields['Call Date'], prep?.fields.Due, (await preps()).length]).toEqual([
      'PREP-0001',
      'Prep: Evergreen follow-up',
      'Open',
      '2026-07-02',
      '2026-06-30T00:00:00.000Z',
      1,
    ]);
    const refused = await failure(moveRecord(s, { ref: 'PREP-0001', to: 'Done' }));
    expect([refused.code, refused.message]).toEqual(['gate_blocked', "PREP-0001 can't move to Done: 4 criteria unmet"]);
    expect((refused.details.unmet as { criterion: string }[]).map((u) => u.criterion)).toEqual(['agenda', 'questions', 'template', 'pre-read']);
  });
});

describe('the quarter review', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openEngine('pglite');
  });
  afterAll(async () => store.close());

  it("lays out the quarter's metrics against the targets and guardrails as seed 001's tables", async () => {
    const s = await workspace(store, () => new Date('2026-07-01T09:00:00Z'));
    await seedWeek(s);
    const runs = (await runRitualPass(s)).runs;
    expect(runs.map((r) => [r.ritual, r.occurrence, r.record, r.created])).toEqual([
      ['weekly-delivery-review', '2026-W26', 'WR-0001', true],
      ['quarter-review', '2026-Q2', 'QR-0001', true],
    ]);
    const [qr] = await listRecordRows(s.store.db, s.workspaceId, { database: 'quarter-reviews' });
    expect([qr?.title, qr?.fields.From, qr?.fields.To]).toEqual(['2026-Q2', '2026-04-01', '2026-06-30']);
    expect(qr?.fields.Guardrails).toBe(
      [
        '| Guardrail | Metric (window) | Threshold | Actual | Status |',
        '|---|---|---|---|---|',
        '| Change failure rate must stay under 10% | changeFailureRate (90d) | < 10.0% | 25.0% | MISSED |',
        '| Change failure rate under 10% over the last 2 weeks | changeFailureRate (14d) | < 10.0% | 33.3% | MISSED |',
      ].join('\n'),
    );
    expect(qr?.fields.Targets).toContain('| PR cycle time under 24 hours | prCycleTime (91d) | < 24.0 h | 3.0 h | met |');
    expect((await checkRitualSnapshot(s, 'QR-0001')).ok).toBe(true);
  });
});

describe.each(ENGINES)('rituals under concurrent passes (%s)', (engine) => {
  let stores: Store[];
  beforeAll(async () => {
    // Two stores: on PostgreSQL two connection pools, as two `eos serve` processes would have.
    stores = engine === 'pglite' ? [await openEngine(engine)] : [await openEngine(engine), await openEngine(engine)];
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('creates one record per occurrence, however many passes race', async () => {
    const first = await workspace(stores[0] as Store, () => DUE);
    const sessions = await Promise.all(stores.map((store) => openSession({ store, workspaceId: first.workspaceId, actor: 'tester', clock: () => DUE })));
    const reports = await Promise.all([0, 1, 2, 3].map((i) => runRitualPass(sessions[i % sessions.length] as Session)));
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    expect(reports.flatMap((r) => r.runs).filter((r) => r.created).length).toBe(1);
    expect((await weeklyRecords(first)).map((r) => r.sourceRef)).toEqual(['ritual:weekly-delivery-review:2026-W26']);
  });
});

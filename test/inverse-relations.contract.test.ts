import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../src/app/import/import-csv.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { linkRecords } from '../src/app/records/link-records.ts';
import { getRecord } from '../src/app/records/read-records.ts';
import { getRecordView } from '../src/app/records/record-view.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const INVERSE = fileURLToPath(new URL('./fixtures/packs/inverse', import.meta.url));

describe.each(ENGINES)('inverse relations: links count from both sides on %s', (engine) => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store, { pack: INVERSE });
  });
  afterAll(async () => {
    await store.close();
  });

  const create = async (database: string, fields: Record<string, string>) => (await createRecord(s, { database, set: Object.entries(fields) })).record;
  const unmet = async (key: string, to: string) => {
    const error = await failure(moveRecord(s, { ref: key, to }));
    expect(error.code).toBe('gate_blocked');
    return (error.details.unmet as { criterion: string }[]).map((u) => u.criterion);
  };

  it('a review cannot be approved while deliverables pointing at it are not done, and can once they are', async () => {
    await create('reviews', { Gate: 'G6' });
    expect(await unmet('G6', 'Approved')).toEqual(['deliverables']);
    const a = await create('deliverables', { Deliverable: 'Cost analysis', Gate: 'G6', Points: '3' });
    const b = await create('deliverables', { Deliverable: 'Soak results', Gate: 'G6', Points: '5' });
    expect(await unmet('G6', 'Approved')).toEqual(['deliverables']);
    await moveRecord(s, { ref: a.key, to: 'Done' });
    expect(await unmet('G6', 'Approved')).toEqual(['deliverables']);
    await moveRecord(s, { ref: b.key, to: 'Done' });
    const { record } = await moveRecord(s, { ref: 'G6', to: 'Approved' });
    expect(record.status).toBe('Approved');
  });

  it('rollups and formulas over an inverse follow links made, changed and removed on the other side', async () => {
    const review = await create('reviews', { Gate: 'G7' });
    expect(review.fields).toMatchObject({ 'Deliverable Count': 0, 'Done Deliverables': 0, Points: 0, 'Open Deliverables': 0 });
    const a = await create('deliverables', { Deliverable: 'Runbook', Gate: 'G7', Points: '2' });
    const b = await create('deliverables', { Deliverable: 'Dashboard', Gate: 'G7', Points: '4' });
    expect((await getRecord(s, 'G7')).fields).toMatchObject({ 'Deliverable Count': 2, 'Done Deliverables': 0, Points: 6, 'Open Deliverables': 2 });
    // A field of a linking record changes: the filtered rollup and the formula follow.
    await moveRecord(s, { ref: a.key, to: 'Done' });
    await updateRecord(s, { ref: b.key, set: [['Points', '10']] });
    expect((await getRecord(s, 'G7')).fields).toMatchObject({ 'Deliverable Count': 2, 'Done Deliverables': 1, Points: 12, 'Open Deliverables': 1 });
    // A link moves to another review: both sides are recomputed.
    await create('reviews', { Gate: 'G8' });
    await updateRecord(s, { ref: b.key, set: [['Gate', 'G8']] });
    expect((await getRecord(s, 'G7')).fields).toMatchObject({ 'Deliverable Count': 1, Points: 2, 'Open Deliverables': 0 });
    expect((await getRecord(s, 'G8')).fields).toMatchObject({ 'Deliverable Count': 1, Points: 10, 'Open Deliverables': 1 });
    // Unlinked: the review no longer counts it.
    await linkRecords(s, { ref: b.key, field: 'Gate', targets: ['G8'] }, 'unlink');
    expect((await getRecord(s, 'G8')).fields).toMatchObject({ 'Deliverable Count': 0, Points: 0, 'Open Deliverables': 0 });
  });

  it('a bulk import of linking records recomputes the rollups and formulas that read the inverse, once per linked record', async () => {
    await create('reviews', { Gate: 'G12' });
    const text = 'Deliverable,Gate,Points,Status\nImported A,G12,2,Done\nImported B,G12,3,Not Started\nImported C,G12,5,Not Started\n';
    const report = await importCsv(s, { database: 'deliverables', file: 'deliverables.csv', text });
    expect(report).toMatchObject({ problems: [], created: 3 });
    const review = await getRecord(s, 'G12');
    expect(review.fields).toMatchObject({ 'Deliverable Count': 3, 'Done Deliverables': 1, Points: 10, 'Open Deliverables': 2 });
    expect(review.version).toBe(2);
  });

  it('the record view shows each inverse relation read-only, by key, including a relation into several databases', async () => {
    await create('reviews', { Gate: 'G9' });
    const d = await create('deliverables', { Deliverable: 'Survey', Gate: 'G9' });
    const c1 = await create('changes', { Title: 'Swap vendor', Affected: `G9; ${d.key}` });
    const c2 = await create('changes', { Title: 'Reword', Affected: 'G9' });
    const view = await getRecordView(s, 'G9');
    expect(view.inverse).toEqual({
      Changes: [
        { key: c1.key, title: 'Swap vendor', status: 'Open', database: 'changes' },
        { key: c2.key, title: 'Reword', status: 'Open', database: 'changes' },
      ],
      Deliverables: [{ key: d.key, title: 'Survey', status: 'Not Started', database: 'deliverables' }],
    });
    expect((await getRecordView(s, d.key)).inverse).toEqual({ Changes: [{ key: c1.key, title: 'Swap vendor', status: 'Open', database: 'changes' }] });
    // A database that shows no inverse has none in its view.
    expect((await getRecordView(s, c1.key)).inverse).toBeUndefined();
    // The inverse is not stored on the record: its rollups over Deliverables moved it to version 2
    // when the deliverable linked it; the changes that link it (nothing derives from them) did not.
    expect((await getRecord(s, 'G9')).version).toBe(2);
    // A gate over an inverse into several databases: an open change blocks the approval.
    await moveRecord(s, { ref: d.key, to: 'Done' });
    expect(await unmet('G9', 'Approved')).toEqual(['no-open-change']);
    await moveRecord(s, { ref: c1.key, to: 'Closed' });
    await moveRecord(s, { ref: c2.key, to: 'Closed' });
    expect((await moveRecord(s, { ref: 'G9', to: 'Approved' })).record.status).toBe('Approved');
  });

  it('a write that names an inverse relation is refused, saying which field to edit instead', async () => {
    await create('reviews', { Gate: 'G10' });
    const reason = 'Deliverables is read-only: it lists the Deliverables whose Gate links this record; set Gate on those records instead';
    const update = await failure(updateRecord(s, { ref: 'G10', set: [['Deliverables', 'DLV-0001']] }));
    expect(update.code).toBe('invalid_input');
    expect(update.message).toBe(`Can't update G10: Deliverables="DLV-0001": ${reason}`);
    const created = await failure(
      createRecord(s, {
        database: 'reviews',
        set: [
          ['Gate', 'G11'],
          ['deliverables', 'DLV-0001'],
        ],
      }),
    );
    expect(created.code).toBe('invalid_input');
    expect(created.message).toBe(`Can't create the Reviews record: deliverables="DLV-0001": ${reason}`);
    const link = await failure(linkRecords(s, { ref: 'G10', field: 'Deliverables', targets: ['DLV-0001'] }, 'link'));
    expect(link.code).toBe('invalid_input');
    expect(link.message).toBe(reason);
    expect((await getRecord(s, 'G10')).version).toBe(1);
  });
});

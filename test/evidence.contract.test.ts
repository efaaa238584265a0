import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDecisions } from '../src/app/decide.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { recordEvidence } from '../src/app/records/record-evidence.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { canonicalJson, manifestHash, sha256 } from '../src/core/decisions/evidence-manifest.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const INVERSE = fileURLToPath(new URL('./fixtures/packs/inverse', import.meta.url));

describe('canonical JSON and hashes', () => {
  it('sorts keys at every depth and drops undefined, so equal content hashes equally', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }], u: undefined })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe.each(ENGINES)('evidence frozen at decision time on %s', (engine) => {
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

  it('approving a review writes one decision entry with the manifest of every linked record and link, hashed into one SHA-256', async () => {
    await create('reviews', { Gate: 'G1', 'Evidence Link': 'https://example.com/g1', Package: 'plan.md; soak.md' });
    const a = await create('deliverables', { Deliverable: 'Plan', Gate: 'G1' });
    const b = await create('deliverables', { Deliverable: 'Soak', Gate: 'G1' });
    const change = await create('changes', { Title: 'Scope', Affected: 'G1' });
    for (const key of [a.key, b.key]) await moveRecord(s, { ref: key, to: 'Done' });
    await moveRecord(s, { ref: change.key, to: 'Closed' });
    // A move into a status that decides nothing freezes nothing.
    expect(await listDecisions(s, { record: 'G1' })).toEqual([]);
    const { record } = await moveRecord(s, { ref: 'G1', to: 'Approved' });
    const [decision, ...more] = await listDecisions(s, { record: 'G1' });
    expect(more).toEqual([]);
    expect(decision).toMatchObject({ scope: 'reviews', action: 'evidence.freeze', recordKey: 'G1', actor: s.actor });
    const details = decision?.details as { from: string; to: string; sha256: string; manifest: Parameters<typeof manifestHash>[0] };
    expect(details).toMatchObject({ from: 'Planned', to: 'Approved' });
    expect(details.manifest.record).toMatchObject({ key: 'G1', version: record.version });
    expect(details.manifest.items.map((i) => [i.relation, i.direction, i.key, i.version])).toEqual([
      ['Changes', 'inverse', change.key, 2],
      ['Deliverables', 'inverse', a.key, 2],
      ['Deliverables', 'inverse', b.key, 2],
    ]);
    expect(details.manifest.items.every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
    expect(details.manifest.links).toEqual([
      { field: 'Evidence Link', value: 'https://example.com/g1' },
      { field: 'Package', value: 'plan.md' },
      { field: 'Package', value: 'soak.md' },
    ]);
    expect(details.sha256).toBe(manifestHash(details.manifest));
    expect(decision?.summary).toBe(`G1 moved Planned → Approved: evidence frozen (3 records, 3 links), sha256 ${details.sha256}`);
    expect(decision?.evidence).toEqual([`${change.key}@v2`, `${a.key}@v2`, `${b.key}@v2`, 'https://example.com/g1', 'plan.md', 'soak.md']);

    const report = await recordEvidence(s, 'G1');
    expect(report).toMatchObject({ record: 'G1', sha256: details.sha256, intact: true, changed: false, added: [] });
    expect(report.items.map((i) => i.changed)).toEqual([false, false, false]);
  });

  it('eos evidence says what changed since: an edited linked record, a record linked since, a removed link, and the record itself', async () => {
    await updateRecord(s, { ref: 'DLV-0001', set: [['Evidence File', 'plan-v2.md']] });
    let report = await recordEvidence(s, 'G1');
    expect(report.changed).toBe(true);
    expect(report.items.filter((i) => i.changed).map((i) => [i.key, i.version, i.now?.version])).toEqual([['DLV-0001', 2, 3]]);
    expect(report.self.changed).toBe(false);
    await create('deliverables', { Deliverable: 'Late', Gate: 'G1' });
    await updateRecord(s, { ref: 'G1', set: [['Package', 'plan.md']] });
    report = await recordEvidence(s, 'G1');
    expect(report.added).toEqual([{ relation: 'Deliverables', direction: 'inverse', key: 'DLV-0003', database: 'deliverables' }]);
    expect(report.links.map((l) => [l.value, l.changed])).toEqual([
      ['https://example.com/g1', false],
      ['plan.md', false],
      ['soak.md', true],
    ]);
    expect(report.self.changed).toBe(true);
    expect(report.intact).toBe(true);
  });

  it("a manifest edited behind eos's back no longer hashes to the SHA-256 of its decision entry", async () => {
    await s.store.db.execute(
      sql`update decisions set details = jsonb_set(details, '{manifest,items,0,version}', '1'::jsonb) where workspace_id = ${s.workspaceId} and record_key = 'G1'`,
    );
    const report = await recordEvidence(s, 'G1');
    expect(report).toMatchObject({ intact: false, changed: true });
    expect(report.items[0]).toMatchObject({ version: 1, now: { version: 2 } });
  });

  it('a record without frozen evidence is not_found, saying when it freezes', async () => {
    await create('reviews', { Gate: 'G2' });
    const none = await failure(recordEvidence(s, 'G2'));
    expect(none.code).toBe('not_found');
    expect(none.message).toBe('G2 has no frozen evidence: it freezes when G2 moves into Approved or Rejected');
    const change = await create('changes', { Title: 'No evidence here' });
    expect((await failure(recordEvidence(s, change.key))).message).toBe(
      `${change.key} has no frozen evidence: Changes declares no evidence statuses (evidence: { statuses: […] } in its pack)`,
    );
  });
});

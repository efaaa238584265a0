import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '../src/app/records/create-record.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { verifyAudit } from '../src/app/verify-audit.ts';
import { witnessHead } from '../src/app/witness-head.ts';
import type { SignedAuditEntry } from '../src/core/audit/audit-entry.ts';
import { appendAuditBatch } from '../src/store/audit-rows.ts';
import type { Db, Store } from '../src/store/store.ts';
import { attackerSigner, deleteEntriesFrom, lastSeq, readTrail, rewriteTrail } from './support/audit-attacker.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

interface Fixture {
  readonly s: Session;
  readonly change: string;
  readonly test: string;
  readonly head: number;
}

describe.each(ENGINES)('the audit trail under attack on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openEngine(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  /** A workspace with a test, a change linked to it, edited and moved: about ten signed, witnessed entries. */
  async function fixture(): Promise<Fixture> {
    const s = await newWorkspace(store);
    const { record: test } = await createRecord(s, { database: 'tests', set: [['Test ID', 'T-1']] });
    const { record: change } = await createRecord(s, {
      database: 'changes',
      set: [
        ['Title', 'Guarded'],
        ['Verification Needed', test.key],
        ['Points', '3'],
      ],
    });
    await updateRecord(s, { ref: change.key, set: [['Risk Level', 'Low']] });
    await moveRecord(s, { ref: change.key, to: 'Under Review' });
    return { s, change: change.key, test: test.key, head: await lastSeq(store, s.workspaceId) };
  }

  const ws = (f: Fixture) => f.s.workspaceId;
  const broken = (check: string, fields: Record<string, unknown>) => ({ ok: false, check, at: expect.any(String), ...fields });

  it('an untouched trail verifies: chain, signatures, witness and the records it replays to', async () => {
    const f = await fixture();
    expect(await verifyAudit(f.s)).toEqual({
      ok: true,
      entries: f.head,
      records: 2,
      links: 1,
      keys: [expect.stringMatching(/^[0-9a-f]{16}$/)],
      witnessed: f.head,
      at: expect.any(String),
    });
  });

  it('deleting the last entry is truncation: the witness saw it', async () => {
    const f = await fixture();
    await deleteEntriesFrom(store, ws(f), f.head);
    expect(await verifyAudit(f.s)).toEqual(
      broken('witness', {
        entries: f.head - 1,
        firstBad: f.head,
        reason: `the trail ends at entry ${f.head - 1}, but the witness saw entry ${f.head}: entry ${f.head} was deleted`,
      }),
    );
  });

  it('deleting the last three entries is truncation', async () => {
    const f = await fixture();
    await deleteEntriesFrom(store, ws(f), f.head - 2);
    expect(await verifyAudit(f.s)).toEqual(
      broken('witness', {
        entries: f.head - 3,
        firstBad: f.head - 2,
        reason: `the trail ends at entry ${f.head - 3}, but the witness saw entry ${f.head}: entries ${f.head - 2} to ${f.head} were deleted`,
      }),
    );
  });

  it('deleting every entry is a wipe', async () => {
    const f = await fixture();
    await deleteEntriesFrom(store, ws(f), 1);
    expect(await verifyAudit(f.s)).toEqual(
      broken('witness', { entries: 0, firstBad: 1, reason: `the trail ends at entry 0, but the witness saw entry ${f.head}: every entry was deleted` }),
    );
  });

  it("editing a record's field with no audit entry: the replay names the record and the field", async () => {
    const f = await fixture();
    await store.db.execute(sql`update records set fields = jsonb_set(fields, '{Points}', '8') where workspace_id = ${ws(f)} and key = ${f.change}`);
    expect(await verifyAudit(f.s)).toEqual(
      broken('records', {
        entries: f.head,
        record: f.change,
        reason: `record ${f.change} differs from the audit trail: its field 'Points' is 8 in the database, but the trail (entry ${f.head}) says 3`,
      }),
    );
  });

  it("editing a record's status with no audit entry", async () => {
    const f = await fixture();
    await store.db.execute(sql`update records set status = 'Approved' where workspace_id = ${ws(f)} and key = ${f.change}`);
    expect(await verifyAudit(f.s)).toEqual(
      broken('records', {
        entries: f.head,
        record: f.change,
        reason: `record ${f.change} differs from the audit trail: its status is "Approved" in the database, but the trail (entry ${f.head}) says "Under Review"`,
      }),
    );
  });

  it('a record inserted, deleted or unlinked behind eos is named', async () => {
    const f = await fixture();
    await store.db.execute(sql`delete from links where workspace_id = ${ws(f)}`);
    expect(await verifyAudit(f.s)).toEqual(
      broken('records', {
        entries: f.head,
        record: f.change,
        reason: `record ${f.change} differs from the audit trail: its 'Verification Needed' links go to [] in the database, but the trail (entry ${f.head}) says ["${f.test}"]`,
      }),
    );
    const g = await fixture();
    await store.db.execute(sql`delete from links where workspace_id = ${ws(g)}`);
    await store.db.execute(sql`delete from records where workspace_id = ${ws(g)} and key = ${g.change}`);
    expect(await verifyAudit(g.s)).toMatchObject(
      broken('records', { record: g.change, reason: expect.stringMatching(/is missing from the database: it was deleted behind eos's back/) }),
    );
    const h = await fixture();
    await store.db.execute(sql`insert into records (workspace_id, id, database, key, title, status, fields, version, created_at, created_by, updated_at, updated_by)
      values (${ws(h)}, gen_random_uuid(), 'changes', 'CHG-0099', 'Smuggled', 'Approved', '{}'::jsonb, 1, now(), 'mallory', now(), 'mallory')`);
    expect(await verifyAudit(h.s)).toMatchObject(broken('records', { record: 'CHG-0099', reason: "record CHG-0099 has no audit entry: it was written behind eos's back" }));
  });

  it('editing an entry and recomputing the SHA-256 chain breaks its signature', async () => {
    const f = await fixture();
    const trail = await readTrail(store, ws(f));
    const victim = f.head - 1;
    const edited = trail.map((e): SignedAuditEntry => (e.seq === victim ? { ...e, actor: 'mallory' } : e));
    await rewriteTrail(store, ws(f), edited);
    const key = trail.at(-1)?.keyId;
    expect(await verifyAudit(f.s)).toEqual(
      broken('chain', { entries: f.head, firstBad: victim, reason: `its signature does not verify with key ${key}: it was altered or forged` }),
    );
  });

  it('deleting an entry and recomputing the chain breaks the signature of the entry that moved into its place', async () => {
    const f = await fixture();
    const trail = await readTrail(store, ws(f));
    await rewriteTrail(
      store,
      ws(f),
      trail.filter((e) => e.seq !== 3),
    );
    expect(await verifyAudit(f.s)).toEqual(
      broken('chain', { entries: f.head - 1, firstBad: 3, reason: `its signature does not verify with key ${trail[0]?.keyId}: it was altered or forged` }),
    );
  });

  it('appending a forged entry: unsigned, or signed with a key of its own that the trust folder does not know', async () => {
    const f = await fixture();
    const trail = await readTrail(store, ws(f));
    const last = trail.at(-1) as SignedAuditEntry;
    const forged: SignedAuditEntry = { ...last, seq: f.head + 1, actor: 'mallory', action: 'record.update', signature: null, keyId: null };
    await rewriteTrail(store, ws(f), [...trail, forged]);
    expect(await verifyAudit(f.s)).toEqual(
      broken('chain', {
        entries: f.head + 1,
        firstBad: f.head + 1,
        reason: `it is not signed, but key ${last.keyId} signs every entry since entry 1: it was added behind eos's back`,
      }),
    );
    const mallory = attackerSigner();
    const keyEntry: SignedAuditEntry = {
      ...forged,
      action: 'audit.key.add',
      recordId: null,
      database: null,
      recordKey: null,
      before: null,
      after: { keyId: mallory.keyId, publicKey: mallory.publicKey, previousKeyId: last.keyId, unsignedEntries: 0 },
    };
    await rewriteTrail(store, ws(f), [...trail, keyEntry]);
    await store.db.execute(sql`update audit set signature = ${'x'}, key_id = ${mallory.keyId} where workspace_id = ${ws(f)} and seq = ${f.head + 1}`);
    const [row] = (await readTrail(store, ws(f))).slice(-1);
    await store.db.execute(sql`update audit set signature = ${mallory.sign(row?.hash ?? '')} where workspace_id = ${ws(f)} and seq = ${f.head + 1}`);
    expect(await verifyAudit(f.s)).toEqual(
      broken('chain', {
        entries: f.head + 1,
        firstBad: f.head + 1,
        reason: `it brings in key ${mallory.keyId}, which ${store.trust.location} does not know: eos did not make it here`,
      }),
    );
  });

  it('a whole trail re-signed with another key (the public key swapped in the database) does not verify', async () => {
    const f = await fixture();
    const mallory = attackerSigner();
    const trail = (await readTrail(store, ws(f))).map((e) =>
      e.action === 'audit.key.add' ? { ...e, after: { keyId: mallory.keyId, publicKey: mallory.publicKey, previousKeyId: null, unsignedEntries: 0 } } : e,
    );
    await rewriteTrail(store, ws(f), trail, mallory);
    expect(await verifyAudit(f.s)).toEqual(
      broken('chain', { entries: f.head, firstBad: 1, reason: `it brings in key ${mallory.keyId}, which ${store.trust.location} does not know: eos did not make it here` }),
    );
  });

  it('in a long trail, signatures are checked by a pool of workers, and the earliest bad one is named', { timeout: 120_000 }, async () => {
    const f = await fixture();
    const at = new Date().toISOString();
    const notes = Array.from({ length: 4500 }, (_, i) => ({ at, actor: 'tester', action: 'note', recordId: null, database: null, recordKey: null, before: null, after: { i } }));
    await store.db.transaction(async (tx) => appendAuditBatch(tx as unknown as Db, store.trust, ws(f), notes));
    await witnessHead(store, ws(f));
    expect(await verifyAudit(f.s)).toMatchObject({ ok: true, entries: f.head + 4500 });
    const [donor] = (await readTrail(store, ws(f))).filter((e) => e.seq === 4000);
    for (const seq of [3100, 2500]) {
      await store.db.execute(sql`update audit set signature = ${donor?.signature ?? ''} where workspace_id = ${ws(f)} and seq = ${seq}`);
    }
    expect(await verifyAudit(f.s)).toEqual(
      broken('chain', { entries: f.head + 4500, firstBad: 2500, reason: `its signature does not verify with key ${donor?.keyId}: it was altered or forged` }),
    );
  });
});

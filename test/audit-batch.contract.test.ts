import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../src/app/audit-trail.ts';
import { BATCH_AUDIT_FROM } from '../src/app/import/import-bulk.ts';
import { importCsv } from '../src/app/import/import-csv.ts';
import { getRecord } from '../src/app/records/read-records.ts';
import { updateRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { verifyAudit } from '../src/app/verify-audit.ts';
import { type BatchEntryAfter, batchProblem, merkleRoot, recordDigest } from '../src/core/audit/batch-entry.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A CSV of `n` Changes, CHG-0001 … in order. */
function changesCsv(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `Change ${i + 1},${(i % 5) + 1},Proposed`);
  return `Title,Points,Status\n${rows.join('\n')}\n`;
}

describe('batch audit entries (ADR 067), pure parts', () => {
  it('the Merkle root hashes pairs level by level and lifts an odd last node', () => {
    const [a, b, c] = [sha('a'), sha('b'), sha('c')];
    expect(merkleRoot([a])).toBe(a);
    expect(merkleRoot([a, b])).toBe(sha(a + b));
    expect(merkleRoot([a, b, c])).toBe(sha(sha(a + b) + c));
  });

  it('a batch whose count or root disagrees with its records is named', () => {
    const records = [{ id: '1', key: 'CHG-0001', hash: sha('x') }];
    expect(batchProblem({ database: 'changes', count: 1, root: sha('x'), records })).toBeNull();
    expect(batchProblem({ database: 'changes', count: 2, root: sha('x'), records })).toBe('it says it creates 2 records, but it lists 1');
    expect(batchProblem({ database: 'changes', count: 1, root: sha('y'), records })).toBe("its Merkle root does not match its records' digests");
    expect(batchProblem(null)).toBe('it is a batch entry without its records and root');
  });
});

describe.each(ENGINES)('a large import audited in batch entries on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openEngine(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  async function imported(n: number): Promise<{ s: Session; head: number }> {
    const s = await newWorkspace(store);
    const report = await importCsv(s, { database: 'changes', file: 'many.csv', text: changesCsv(n) });
    expect(report).toMatchObject({ created: n, problems: [] });
    return { s, head: (await auditTrail(s)).length };
  }

  it('one signed entry names every record with its digest and the root; verify replays it to the records', async () => {
    const { s, head } = await imported(BATCH_AUDIT_FROM);
    const trail = await auditTrail(s);
    const batch = trail.at(-1);
    expect(batch).toMatchObject({ action: 'record.create.batch', actor: 'tester', recordId: null, database: 'changes', recordKey: null, before: null });
    expect(batch?.signature).toMatch(/^[A-Za-z0-9+/=_-]+$/);
    const after = batch?.after as BatchEntryAfter;
    expect(after.count).toBe(BATCH_AUDIT_FROM);
    expect(after.records.map((r) => r.key).slice(0, 3)).toEqual(['CHG-0001', 'CHG-0002', 'CHG-0003']);
    const first = await getRecord(s, 'CHG-0001');
    expect(after.records[0]).toEqual({ id: first.id, key: 'CHG-0001', hash: recordDigest(first) });
    expect(after.root).toBe(merkleRoot(after.records.map((r) => r.hash)));
    // The record's own history shows the entry that created it.
    expect((await auditTrail(s, { ref: 'CHG-0002' })).map((e) => e.action)).toEqual(['record.create.batch']);
    expect(await verifyAudit(s)).toEqual({
      ok: true,
      entries: head,
      records: BATCH_AUDIT_FROM,
      links: 0,
      keys: [expect.stringMatching(/^[0-9a-f]{16}$/)],
      witnessed: head,
      at: expect.any(String),
    });
  });

  it('a small import keeps one record.create entry per record', async () => {
    const { s } = await imported(3);
    expect((await auditTrail(s)).slice(-3).map((e) => [e.action, e.recordKey])).toEqual([
      ['record.create', 'CHG-0001'],
      ['record.create', 'CHG-0002'],
      ['record.create', 'CHG-0003'],
    ]);
  });

  it('a later write replays over the batch; an edit behind eos, a deletion or a forged leaf is named', async () => {
    const { s } = await imported(BATCH_AUDIT_FROM);
    await updateRecord(s, { ref: 'CHG-0005', set: [['Points', '8']] });
    expect(await verifyAudit(s)).toMatchObject({ ok: true, records: BATCH_AUDIT_FROM });
    const trail = await auditTrail(s);
    const batchSeq = trail.find((e) => e.action === 'record.create.batch')?.seq;
    expect((await auditTrail(s, { ref: 'CHG-0005' })).map((e) => e.action)).toEqual(['record.create.batch', 'record.update']);

    await store.db.execute(sql`update records set fields = jsonb_set(fields, '{Points}', '9') where workspace_id = ${s.workspaceId} and key = 'CHG-0007'`);
    expect(await verifyAudit(s)).toMatchObject({
      ok: false,
      check: 'records',
      record: 'CHG-0007',
      reason: `record CHG-0007 differs from the audit trail: its content does not match the digest batch entry ${batchSeq} holds for it: it was altered behind eos's back`,
    });

    const { s: t } = await imported(BATCH_AUDIT_FROM);
    await store.db.execute(sql`delete from records where workspace_id = ${t.workspaceId} and key = 'CHG-0010'`);
    expect(await verifyAudit(t)).toMatchObject({
      ok: false,
      check: 'records',
      record: 'CHG-0010',
      reason: expect.stringMatching(/^record CHG-0010 is missing from the database: it was deleted behind eos's back \(its last entry is \d+\)$/),
    });

    // Rewriting a leaf's digest in the entry breaks the entry's hash: the chain check names it.
    const { s: u } = await imported(BATCH_AUDIT_FROM);
    const seq = (await auditTrail(u)).find((e) => e.action === 'record.create.batch')?.seq;
    await store.db.execute(
      sql`update audit set after = jsonb_set(after, '{records,0,hash}', to_jsonb(${sha('forged')}::text)) where workspace_id = ${u.workspaceId} and seq = ${seq}`,
    );
    expect(await verifyAudit(u)).toMatchObject({ ok: false, check: 'chain', firstBad: seq, reason: 'its content does not match its hash: it was altered after it was written' });
  });
});

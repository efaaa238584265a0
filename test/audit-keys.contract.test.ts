import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChannel } from '../src/app/alerts/alert-channels.ts';
import { runAuditCheck } from '../src/app/audit-check.ts';
import { auditKeys, rotateAuditKey } from '../src/app/audit-keys.ts';
import { auditTrail } from '../src/app/audit-trail.ts';
import { controlCenter } from '../src/app/control-center.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { updateRecord } from '../src/app/records/update-record.ts';
import { openSession } from '../src/app/session.ts';
import { verifyAudit } from '../src/app/verify-audit.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import type { Store } from '../src/store/store.ts';
import { type HttpReceiver, startHttpReceiver } from './support/alert-receivers.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const send = createAlertSender({ env: {}, timeoutMs: 2000 });

describe.each(ENGINES)('audit keys and scheduled verification on %s', (engine) => {
  let store: Store;
  let receiver: HttpReceiver;
  beforeAll(async () => {
    store = await openEngine(engine);
    receiver = await startHttpReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await store.close();
  });

  it('the first entry of a workspace brings its key in; a rotation is a signed entry, and both keys verify their own entries', async () => {
    const s = await newWorkspace(store);
    const first = await auditKeys(s);
    expect(first.keys).toEqual([{ keyId: first.current.keyId, publicKey: first.current.publicKey, from: 1, to: null, action: 'audit.key.add' }]);
    expect((await auditTrail(s)).map((e) => [e.seq, e.action, e.keyId])).toEqual([
      [1, 'audit.key.add', first.current.keyId],
      [2, 'workspace.init', first.current.keyId],
    ]);
    const { record } = await createRecord(s, { database: 'changes', set: [['Title', 'Before rotation']] });
    const rotated = await rotateAuditKey(s);
    expect(rotated.current.keyId).not.toBe(first.current.keyId);
    expect(rotated.keys.map((k) => [k.keyId, k.from, k.to, k.action])).toEqual([
      [first.current.keyId, 1, 3, 'audit.key.add'],
      [rotated.current.keyId, 4, null, 'audit.key.rotate'],
    ]);
    const rotation = (await auditTrail(s)).at(-1);
    expect(rotation).toMatchObject({
      seq: 4,
      action: 'audit.key.rotate',
      actor: 'tester',
      keyId: rotated.current.keyId,
      after: { keyId: rotated.current.keyId, previousKeyId: first.current.keyId },
    });
    await updateRecord(s, { ref: record.key, set: [['Points', '5']] });
    expect((await auditTrail(s)).at(-1)).toMatchObject({ seq: 5, keyId: rotated.current.keyId });
    expect(await verifyAudit(s)).toMatchObject({ ok: true, entries: 5, keys: [first.current.keyId, rotated.current.keyId] });
  });

  it('only an admin rotates the key', async () => {
    const s = await newWorkspace(store);
    const viewer = await openSession({ store, workspaceId: s.workspaceId, actor: 'vic', role: 'viewer' });
    const refused = await failure(rotateAuditKey(viewer));
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toMatch(/^Only an admin can rotate the audit key; vic has the viewer role/);
    expect((await auditKeys(s)).keys).toHaveLength(1);
  });

  it('a trail written before signing is signed from its next write on, and says how many entries came before', async () => {
    const s = await newWorkspace(store);
    await store.db.execute(sql`update audit set signature = null, key_id = null where workspace_id = ${s.workspaceId}`);
    await store.db.execute(sql`delete from audit where workspace_id = ${s.workspaceId} and seq = 1`);
    const [init] = await auditTrail(s);
    // As an upgraded workspace has it: unsigned entries from 1, and no key entry.
    await store.db.execute(sql`update audit set seq = 1, prev_hash = ${'0'.repeat(64)} where workspace_id = ${s.workspaceId}`);
    const { hashAuditEntry, GENESIS_HASH } = await import('../src/core/audit/audit-entry.ts');
    await store.db.execute(sql`update audit set hash = ${hashAuditEntry(GENESIS_HASH, { ...(init as NonNullable<typeof init>), seq: 1 })} where workspace_id = ${s.workspaceId}`);
    store.trust.resetHeads(s.workspaceId, null);
    expect(await verifyAudit(s)).toMatchObject({
      ok: false,
      check: 'chain',
      firstBad: 1,
      reason: 'it is not signed: the trail was written before eos signed entries, and no write has signed it since',
    });
    await createRecord(s, { database: 'changes', set: [['Title', 'First signed write']] });
    const trail = await auditTrail(s);
    expect(trail.map((e) => [e.seq, e.action, e.keyId !== null])).toEqual([
      [1, 'workspace.init', false],
      [2, 'audit.key.add', true],
      [3, 'record.create', true],
    ]);
    expect(trail[1]?.after).toMatchObject({ unsignedEntries: 1, previousKeyId: null });
    expect(await verifyAudit(s)).toMatchObject({ ok: true, entries: 3 });
  });

  it('a scheduled check tells every alert channel of a failure once per reason, and the control center shows the last result', async () => {
    const s = await newWorkspace(store);
    const { record } = await createRecord(s, { database: 'changes', set: [['Title', 'Watched']] });
    await addChannel(s, { name: 'ops', webhook: receiver.url('/ops') });
    expect(await runAuditCheck(s, { send })).toMatchObject({ result: { ok: true }, notified: [] });
    expect((await controlCenter(s)).auditCheck).toEqual({ ok: true, entries: 4, at: expect.any(String) });
    receiver.requests.length = 0;

    await store.db.execute(sql`update records set status = 'Approved' where workspace_id = ${s.workspaceId} and key = ${record.key}`);
    const reason = `record ${record.key} differs from the audit trail: its status is "Approved" in the database, but the trail (entry 3) says "Proposed"`;
    const failed = await runAuditCheck(s, { send });
    expect(failed).toMatchObject({ result: { ok: false, check: 'records', record: record.key, reason }, notified: [{ channel: 'ops', ok: true, error: null }] });
    expect(receiver.requests.map((r) => r.json)).toEqual([
      expect.objectContaining({
        event: 'firing',
        workspace: s.workspaceId,
        rule: { id: 'audit-verify', name: 'Audit trail verification', kind: 'audit', severity: 'critical' },
        message: `The audit trail of ${s.workspaceId} failed verification (records): ${reason}`,
        details: { check: 'records', entries: 4, record: record.key },
      }),
    ]);
    expect(await runAuditCheck(s, { send, lastReason: reason })).toMatchObject({ result: { ok: false }, notified: [] });
    expect(receiver.requests).toHaveLength(1);
    expect((await controlCenter(s)).auditCheck).toEqual({ ok: false, entries: 4, check: 'records', reason, at: expect.any(String) });
  });
});

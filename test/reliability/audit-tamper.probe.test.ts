import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '../../src/app/records/create-record.ts';
import { moveRecord, updateRecord } from '../../src/app/records/update-record.ts';
import { verifyAudit } from '../../src/app/verify-audit.ts';
import type { SignedAuditEntry } from '../../src/core/audit/audit-entry.ts';
import { openPglite } from '../../src/store/open-pglite.ts';
import type { Store } from '../../src/store/store.ts';
import { attackerSigner, deleteEntriesFrom, readTrail, rewriteTrail } from '../support/audit-attacker.ts';
import { newWorkspace } from '../support/workspace.ts';

/** One thing someone with SQL access only does to a workspace. */
type Tamper =
  | { kind: 'truncate'; keep: number }
  | { kind: 'edit-and-rehash'; at: number; actor: string }
  | { kind: 'drop-and-rehash'; at: number }
  | { kind: 'resign-all' }
  | { kind: 'edit-record'; points: number }
  | { kind: 'append-unsigned' };

const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('edit-and-rehash' as const), at: fc.integer({ min: 1, max: 8 }), actor: fc.string({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('drop-and-rehash' as const), at: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('resign-all' as const) }),
  fc.record({ kind: fc.constant('edit-record' as const), points: fc.integer({ min: 4, max: 1000 }) }),
  fc.record({ kind: fc.constant('append-unsigned' as const) }),
);

/**
 * Whatever an attacker with SQL access only does to a signed, witnessed trail or the records it
 * replays to, `verify` never says intact (ADR 050).
 */
describe('audit trail tamper probe', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openPglite();
  });
  afterAll(async () => {
    await store.close();
  });

  it('no tampering of the trail or of the records verifies as intact', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(tamper, async (t) => {
        const s = await newWorkspace(store);
        const { record } = await createRecord(s, {
          database: 'changes',
          set: [
            ['Title', 'Probe'],
            ['Points', '3'],
          ],
        });
        await updateRecord(s, { ref: record.key, set: [['Risk Level', 'Low']] });
        await moveRecord(s, { ref: record.key, to: 'Under Review' });
        expect(await verifyAudit(s)).toMatchObject({ ok: true });
        const ws = s.workspaceId;
        const trail = await readTrail(store, ws);
        const at = Math.min('at' in t ? t.at : 1, trail.length);
        if (t.kind === 'truncate') await deleteEntriesFrom(store, ws, Math.min(t.keep, trail.length - 1) + 1);
        if (t.kind === 'edit-and-rehash')
          await rewriteTrail(
            store,
            ws,
            trail.map((e) => (e.seq === at ? { ...e, actor: `${e.actor}${t.actor}` } : e)),
          );
        if (t.kind === 'drop-and-rehash')
          await rewriteTrail(
            store,
            ws,
            trail.filter((e) => e.seq !== at),
          );
        if (t.kind === 'resign-all') await rewriteTrail(store, ws, trail, attackerSigner());
        if (t.kind === 'edit-record') await store.db.execute(sql`update records set fields = jsonb_set(fields, '{Points}', ${String(t.points)}::jsonb) where workspace_id = ${ws}`);
        if (t.kind === 'append-unsigned') {
          const last = trail.at(-1) as SignedAuditEntry;
          await rewriteTrail(store, ws, [...trail, { ...last, seq: last.seq + 1, signature: null, keyId: null }]);
        }
        const result = await verifyAudit(s);
        expect(result.ok, `${JSON.stringify(t)} verified as intact`).toBe(false);
      }),
      { numRuns: 25 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { type ChainedAuditEntry, GENESIS_HASH, hashAuditEntry, verifyChain } from './audit-entry.ts';
import { canonicalJson } from './canonical-json.ts';

function chain(n: number): ChainedAuditEntry[] {
  const out: ChainedAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const entry = {
      seq,
      at: `2026-01-0${seq}T00:00:00.000Z`,
      actor: 'ana',
      action: 'record.update',
      recordId: null,
      database: 'x',
      recordKey: `X-${seq}`,
      before: { v: seq - 1 },
      after: { v: seq, b: [1, { z: 1, a: 2 }] },
    };
    const hash = hashAuditEntry(prev, entry);
    out.push({ ...entry, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('hashes are independent of key order', () => {
    const [e] = chain(1);
    if (!e) throw new Error('no entry');
    const reordered = { ...e, after: { b: [1, { a: 2, z: 1 }], v: 1 } };
    expect(hashAuditEntry(GENESIS_HASH, reordered)).toBe(e.hash);
  });

  it('verifies an intact chain and names the first altered, re-linked or missing entry', () => {
    const entries = chain(5);
    expect(verifyChain(entries)).toEqual({ ok: true, entries: 5 });
    const altered = entries.map((e) => (e.seq === 3 ? { ...e, actor: 'mallory' } : e));
    expect(verifyChain(altered)).toMatchObject({ ok: false, firstBad: 3 });
    const relinked = entries.map((e) => (e.seq === 4 ? { ...e, prevHash: GENESIS_HASH } : e));
    expect(verifyChain(relinked)).toMatchObject({ ok: false, firstBad: 4, reason: "its prev_hash does not match the previous entry's hash" });
    expect(verifyChain(entries.filter((e) => e.seq !== 2))).toMatchObject({ ok: false, firstBad: 3, reason: 'entry 2 is missing (found 3 next)' });
  });
});

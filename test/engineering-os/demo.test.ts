import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStarters } from '../../src/app/import/load-starters.ts';
import { readPack } from '../../src/app/read-pack.ts';
import { gateCheck } from '../../src/app/records/gate-check.ts';
import { moveRecord, updateRecord } from '../../src/app/records/update-record.ts';
import type { Session } from '../../src/app/session.ts';
import { PACK, packWorkspace, unmet } from './pack-harness.ts';

const { pack, dir } = readPack(PACK);

/** The pack's modules: each folder under databases/, with the ids of the databases in it. */
function modules(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const folder of readdirSync(join(dir, 'databases')).sort()) {
    const ids = readdirSync(join(dir, 'databases', folder))
      .sort()
      .map((f) => /^id: (\S+)$/m.exec(readFileSync(join(dir, 'databases', folder, f), 'utf8'))?.[1] ?? f);
    out.set(folder, ids);
  }
  return out;
}

describe('the engineering-os demo (eos init --demo)', () => {
  const h = packWorkspace();
  let s: Session;
  beforeAll(async () => {
    s = h.session();
    await loadStarters(s, pack, dir);
  }, 180_000);

  it('every module shows, in eos gate check of its databases, a gated move blocked and one that passes', async () => {
    const found: Record<string, { blocked: string; passing: string }> = {};
    for (const [module, ids] of modules()) {
      let blocked = '';
      let passing = '';
      for (const id of ids) {
        for (const r of (await gateCheck(s, { database: id })).records) {
          for (const n of r.next.filter((x) => x.gates.length > 0)) {
            if (!n.passes && !blocked) blocked = `${id}: ${r.record} → ${n.to}`;
            if (n.passes && !passing) passing = `${id}: ${r.record} → ${n.to}`;
          }
        }
      }
      found[module] = { blocked, passing };
    }
    expect(Object.keys(found)).toEqual([
      '1-governance',
      '2-engineering-core',
      '3-business-gtm',
      '4-human-systems',
      '5-culture-os',
      '6-product-operating-plan',
      '7-phase-gates',
      '8-execution-os',
    ]);
    for (const [module, { blocked, passing }] of Object.entries(found)) {
      expect(blocked, `${module} shows no blocked move`).not.toBe('');
      expect(passing, `${module} shows no passing gated move`).not.toBe('');
    }
    // The demo records link the starters: the change request's references resolved into four databases.
    expect(found['2-engineering-core']).toEqual({ blocked: 'icds: Primary Bus → Baselined', passing: 'requirements: R-F-002 → Approved' });
  });

  it("the README's walk-through holds: ECR-0001 wants an approval date and engineering's signature, then passes", async () => {
    expect(await unmet(moveRecord(s, { ref: 'ECR-0001', to: 'Approved' }))).toEqual(['review/approval-date', 'approver/signed']);
    await updateRecord(s, { ref: 'ECR-0001', set: [['Approval Date(s)', '2026-11-22']] });
    expect(await unmet(moveRecord(s, { ref: 'ECR-0001', to: 'Approved' }))).toEqual(['approver/signed']);
    await h.sign('ECR-0001', 'Approval', 'ana', 'engineering');
    expect((await moveRecord(s, { ref: 'ECR-0001', to: 'Approved' })).record.status).toBe('Approved');
    const [report] = (await gateCheck(s, { ref: 'ECR-0001' })).records;
    expect(report?.next.map((n) => [n.to, n.passes, n.unmet.map((u) => `${u.gate}/${u.criterion}`)])).toEqual([
      ['Implemented', false, ['implement/eco', 'implement/artifacts-updated']],
      ['Closed', false, ['exit/comms', 'exit/verified', 'exit/baseline']],
    ]);
  });
});

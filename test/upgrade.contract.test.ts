import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPack } from '../src/app/read-pack.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { gateCheck } from '../src/app/records/gate-check.ts';
import { getRecord } from '../src/app/records/read-records.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import { openSession } from '../src/app/session.ts';
import { upgradePack } from '../src/app/upgrade-pack.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { MINI_PACK, newWorkspace } from './support/workspace.ts';

/** The mini pack, version 2: Changes lose the 'Rejected' status, and a database is added. */
function packV2(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eos-pack-v2-'));
  cpSync(MINI_PACK, dir, { recursive: true });
  writeFileSync(join(dir, 'pack.yaml'), readFileSync(join(dir, 'pack.yaml'), 'utf8').replace('"1.0.0"', '"2.0.0"'));
  const changes = join(dir, 'databases/changes.yaml');
  writeFileSync(
    changes,
    readFileSync(changes, 'utf8')
      .replace('Closed, Rejected]', 'Closed]')
      .replace('Proposed: [Under Review, Rejected]', 'Proposed: [Under Review]')
      .replace('Under Review: [Approved, Rejected, Proposed]', 'Under Review: [Approved, Proposed]'),
  );
  writeFileSync(
    join(dir, 'databases/notes.yaml'),
    'id: notes\nname: Notes\nkey: { prefix: N }\nfields:\n  - { name: Title, type: title }\nstatus: { field: Status, values: [Open] }\n',
  );
  return dir;
}

describe.each(ENGINES)('pack upgrade on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openEngine(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps records in a removed status, reports them, and lets them move to any current status', async () => {
    const s = await newWorkspace(store);
    const key = (await createRecord(s, { database: 'changes', set: [['Title', 'Rejected one']] })).record.key;
    await moveRecord(s, { ref: key, to: 'Rejected' });
    const { pack } = readPack(packV2());
    const dry = await upgradePack(s, pack, { dryRun: true });
    expect(dry).toEqual({
      workspace: s.workspaceId,
      from: 'mini@1.0.0',
      to: 'mini@2.0.0',
      added: ['notes'],
      stranded: [{ database: 'changes', status: 'Rejected', records: 1 }],
      dryRun: true,
    });
    await upgradePack(s, pack);
    const upgraded = await openSession({ store, workspaceId: s.workspaceId, actor: 'tester' });
    expect((await getRecord(upgraded, key)).status).toBe('Rejected');
    const report = await gateCheck(upgraded, { ref: key });
    expect(report.records[0]?.next.map((n) => n.to)).toEqual(['Proposed', 'Under Review', 'Approved', 'Implemented', 'Verified', 'Closed']);
    expect((await moveRecord(upgraded, { ref: key, to: 'Proposed' })).record.status).toBe('Proposed');
    expect((await createRecord(upgraded, { database: 'changes', set: [['Title', 'after']] })).record.key).toBe('CHG-0002');
  });
});

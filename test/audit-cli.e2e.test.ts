import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileAuditTrust } from '../src/store/file-audit-trust.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import { type CliResult, runCli } from './support/run-cli.ts';
import { MINI_PACK } from './support/workspace.ts';

function json(result: CliResult): Record<string, unknown> {
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('eos audit on the command line', { timeout: 120_000 }, () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-audit-cli-'));
  const env = { EOS_HOME: home, EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0' };
  const eos = (...args: string[]) => runCli(args, env);
  /** Tampers as someone with SQL access would: straight at the embedded data, no eos in between. */
  async function withSql(statement: ReturnType<typeof sql>): Promise<void> {
    const store = await openPglite(join(home, 'data'), { trust: fileAuditTrust({ home }) });
    try {
      await store.db.execute(statement);
    } finally {
      await store.close();
    }
  }

  beforeAll(async () => {
    expect((await eos('init', '--pack', MINI_PACK, '--json')).code).toBe(0);
    expect((await eos('record', 'create', 'changes', '--set', 'Title=Signed', '--set', 'Points=2')).stdout).toBe('CHG-0001\n');
  });

  it('keeps the private key (mode 0600) and the witness under $EOS_HOME/trust, and shows and rotates the key', async () => {
    const key = join(home, 'trust', 'default', 'audit-key.pem');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(key, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const shown = json(await eos('audit', 'key', 'show', '--json')) as { current: { keyId: string; location: string }; keys: unknown[] };
    expect(shown.current.location).toBe(join(home, 'trust'));
    expect(shown.keys).toEqual([{ keyId: shown.current.keyId, publicKey: expect.any(String), from: 1, to: null, action: 'audit.key.add' }]);
    const witness = readFileSync(join(home, 'trust', 'default', 'witness.log'), 'utf8')
      .trim()
      .split('\n');
    expect(witness[0]).toMatch(new RegExp(`^default key ${shown.current.keyId} `));
    expect(witness.at(-1)).toMatch(new RegExp(`^default head 3 [0-9a-f]{64} ${shown.current.keyId} `));

    const rotated = await eos('audit', 'key', 'rotate', '--json');
    expect(rotated.code).toBe(0);
    const after = json(rotated) as { current: { keyId: string }; keys: { keyId: string; from: number; to: number | null; action: string }[] };
    expect(after.keys.map((k) => [k.keyId, k.from, k.to, k.action])).toEqual([
      [shown.current.keyId, 1, 3, 'audit.key.add'],
      [after.current.keyId, 4, null, 'audit.key.rotate'],
    ]);
    const verify = await eos('audit', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toBe('✓ audit trail intact: 4 entries signed and witnessed (to entry 4), 1 records and 0 links as the trail replays them\n');
  });

  it('exits 1 naming the record edited behind its back, and the truncation the witness saw', async () => {
    await withSql(sql`update records set fields = jsonb_set(fields, '{Points}', '9') where key = 'CHG-0001'`);
    const edited = await eos('audit', 'verify');
    expect(edited.code).toBe(1);
    expect(edited.stdout).toBe("✗ record CHG-0001 differs from the audit trail: its field 'Points' is 9 in the database, but the trail (entry 3) says 2\n");
    await withSql(sql`update records set fields = jsonb_set(fields, '{Points}', '2') where key = 'CHG-0001'`);
    expect((await eos('audit', 'verify')).code).toBe(0);

    await withSql(sql`delete from audit where seq = 4`);
    const cut = await eos('audit', 'verify', '--json');
    expect(cut.code).toBe(1);
    expect(json(cut)).toEqual({
      ok: false,
      entries: 3,
      check: 'witness',
      firstBad: 4,
      reason: 'the trail ends at entry 3, but the witness saw entry 4: entry 4 was deleted',
      at: expect.any(String),
    });
    expect((await eos('audit', 'verify')).stdout).toBe('✗ audit trail broken: the trail ends at entry 3, but the witness saw entry 4: entry 4 was deleted\n');
  });
});

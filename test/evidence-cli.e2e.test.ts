import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from './support/run-cli.ts';

const INVERSE = fileURLToPath(new URL('./fixtures/packs/inverse', import.meta.url));

function json(result: CliResult): Record<string, unknown> {
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('eos evidence and inverse relations in the real CLI', { timeout: 300_000 }, () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-evidence-'));
  const env = { EOS_HOME: home, EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0', NO_COLOR: '1' };
  const eos = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    expect((await eos('init', '--pack', INVERSE)).code).toBe(0);
    expect((await eos('record', 'create', 'reviews', '--set', 'Gate=G1', '--set', 'Evidence Link=https://example.com/g1')).code).toBe(0);
    expect(await eos('record', 'create', 'deliverables', '--set', 'Deliverable=Plan', '--set', 'Gate=G1')).toMatchObject({ code: 0, stdout: 'DLV-0001\n' });
  });

  it('record get shows the inverse relation; a write naming it exits 2 saying what to edit instead', async () => {
    const got = await eos('record', 'get', 'G1');
    expect(got.code).toBe(0);
    expect(got.stdout).toContain('  Deliverables (linking here): DLV-0001\n');
    expect(json(await eos('record', 'get', 'G1', '--json')).inverse).toEqual({
      Changes: [],
      Deliverables: [{ key: 'DLV-0001', title: 'Plan', status: 'Not Started', database: 'deliverables' }],
    });
    const refused = await eos('record', 'update', 'G1', '--set', 'Deliverables=DLV-0001', '--json');
    expect(refused.code).toBe(2);
    expect((json(refused).error as { message: string }).message).toBe(
      `Can't update G1: Deliverables="DLV-0001": Deliverables is read-only: it lists the Deliverables whose Gate links this record; set Gate on those records instead`,
    );
  });

  it('a gate over the inverse blocks the approval (exit 3); the approval freezes the evidence, and eos evidence says what changed since', async () => {
    const blocked = await eos('record', 'move', 'G1', 'Approved', '--json');
    expect(blocked.code).toBe(3);
    expect((json(blocked).error as { unmet: { criterion: string }[] }).unmet.map((u) => u.criterion)).toEqual(['deliverables']);
    expect((await eos('evidence', 'G1', '--json')).code).toBe(4);
    expect((await eos('record', 'move', 'DLV-0001', 'Done')).code).toBe(0);
    expect((await eos('record', 'move', 'G1', 'Approved')).code).toBe(0);

    const frozen = await eos('evidence', 'G1', '--json');
    expect(frozen.code).toBe(0);
    const report = json(frozen) as { sha256: string; changed: boolean; intact: boolean; items: { key: string; version: number; changed: boolean }[] };
    expect(report).toMatchObject({ record: 'G1', changed: false, intact: true, decision: { actor: 'ana', from: 'Planned', to: 'Approved' } });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.items).toMatchObject([{ key: 'DLV-0001', version: 2, changed: false }]);
    const decisions = json(await eos('decisions', '--record', 'G1', '--json')).decisions as { action: string; details: { sha256: string } }[];
    expect(decisions.map((d) => [d.action, d.details.sha256])).toEqual([['evidence.freeze', report.sha256]]);
    const human = await eos('evidence', 'G1');
    expect(human.stdout).toContain(`sha256: ${report.sha256}`);
    expect(human.stdout).toContain('Nothing changed since the decision.');

    expect((await eos('record', 'update', 'DLV-0001', '--set', 'Evidence File=plan-v2.md')).code).toBe(0);
    const after = await eos('evidence', 'G1');
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/DLV-0001 +Deliverables \(linking here\) +v2 +v3 +changed/);
    expect(after.stdout).toContain('Something changed since the decision.');
  });
});

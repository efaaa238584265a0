import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';

describe('eos ingest events with monitor events, on the command line', { timeout: 120_000 }, () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-monitor-cli-'));
  const env = { EOS_HOME: home, EOS_USER: 'ana', EOS_LOCK_WAIT_MS: '0' };
  const eos = (...args: string[]) => runCli(args, env);
  const file = (name: string, content: unknown) => {
    const path = join(home, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    expect((await eos('init', '--json')).code).toBe(0);
  });

  it('stores quota samples and acknowledgements, reports them as kinds, and refuses a bad one with its path and exit code', async () => {
    const good = file('signals.json', {
      quota: [{ id: 'q1', account: 'claude', used: 850, limit: 1000, at: '2026-06-01T10:00:00Z' }],
      incidentAcks: [{ incidentId: 'pagerduty:PT4KHLK', by: 'ana', at: '2026-06-01T10:05:00Z' }],
    });
    const stored = await eos('ingest', 'events', good, '--json');
    expect(stored.code).toBe(0);
    expect(JSON.parse(stored.stdout)).toMatchObject({ quota: { inserted: 1, updated: 0, unchanged: 0 }, incidentAcks: { inserted: 1, updated: 0, unchanged: 0 } });
    const again = await eos('ingest', 'events', good);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/quota\s+0\s+0\s+1/);
    expect(again.stdout).toMatch(/incidentAcks\s+0\s+0\s+1/);
    expect(again.stdout).not.toContain('spend');

    const bad = await eos('ingest', 'events', file('bad.json', { spend: [{ id: 's1', amount: -1, at: '2026-06-01T10:00:00Z' }] }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('spend[0].amount: must be 0 or more');
  });
});

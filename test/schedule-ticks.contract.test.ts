import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addChannel } from '../src/app/alerts/alert-channels.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { claimTick } from '../src/app/schedule/claim-tick.ts';
import { buildServer } from '../src/http/build-server.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import { startHttpReceiver } from './support/alert-receivers.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));

describe.each(ENGINES)('schedule ticks on %s', (engine) => {
  it('gives each tick of a job to one claimant, and the next tick or another job to a new one', async () => {
    const store = await openEngine(engine);
    const s = await newWorkspace(store);
    const scope = { store, workspaceId: s.workspaceId };
    const tick = new Date('2026-12-08T01:05:00Z');
    expect(await Promise.all([claimTick(scope, 'alert-pass', tick), claimTick(scope, 'alert-pass', tick), claimTick(scope, 'alert-pass', tick)])).toEqual(
      expect.arrayContaining([true, false, false]),
    );
    expect(await claimTick(scope, 'alert-pass', new Date('2026-12-08T01:10:00Z'))).toBe(true);
    expect(await claimTick(scope, 'audit-check', tick)).toBe(true);
    expect(await claimTick({ store, workspaceId: `${s.workspaceId}-other` }, 'alert-pass', tick)).toBe(true);
    await store.close();
  });
});

describe.skipIf(!ENGINES.includes('postgres'))('two servers on one PostgreSQL', () => {
  it('run one alert pass per tick between them, and notify a firing alert once', { timeout: 30_000 }, async () => {
    const stores = [await openEngine('postgres'), await openEngine('postgres')];
    const [first, second] = stores as [(typeof stores)[0], (typeof stores)[0]];
    const receiver = await startHttpReceiver();
    const s = await newWorkspace(first, { pack: PACK });
    await addChannel(s, { name: 'eng-alerts', webhook: receiver.url('/eng') });
    await createRecord(s, {
      database: 'work-items',
      set: [
        ['Title', 'Stuck'],
        ['Type', 'Chore'],
        ['Blocked Since', new Date(Date.now() - 26 * 3_600_000).toISOString()],
      ],
    });
    const lines: { msg: string }[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const servers = await Promise.all(
      [first, second].map((store) =>
        buildServer({ store, workspaceId: s.workspaceId, alerts: { send: createAlertSender(), cron: '* * * * * *' }, logger: { level: 'info', stream } }),
      ),
    );
    await new Promise((r) => setTimeout(r, 6_000));
    for (const server of servers) await server.close();
    const ran = lines.filter((l) => l.msg === 'alert pass').length;
    // A server still busy with its last pass skips a tick without claiming it (croner's protect), so under load not every tick shows two.
    const skipped = lines.filter((l) => l.msg === 'alert pass skipped: another server runs this tick').length;
    const ticks = (await second.db.execute(sql`select count(*)::int as n from schedule_ticks where workspace_id = ${s.workspaceId} and job = 'alert-pass'`)) as unknown as {
      rows: { n: number }[];
    };
    expect(ran).toBeGreaterThanOrEqual(2);
    // Every pass stands for a tick of its own (a tick is claimed once): no tick ran twice.
    expect(ran).toBe(ticks.rows[0]?.n);
    expect(skipped).toBeGreaterThanOrEqual(1);
    expect(receiver.requests.map((r) => r.json.event)).toEqual(['firing']);
    await receiver.close();
    for (const store of stores) await store.close();
  });
});

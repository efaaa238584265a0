import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeliveryMetrics } from '../src/app/compute-metrics.ts';
import { createDemoWorkspace } from '../src/app/create-demo-workspace.ts';
import { readPack } from '../src/app/read-pack.ts';
import { openSession } from '../src/app/session.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import type { Store } from '../src/store/store.ts';

// eos init --demo and eos serve's first run both call createDemoWorkspace: records and the delivery history.
describe('the demo workspace', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openPglite();
  });
  afterAll(async () => {
    await store.close();
  });

  it('holds the starters, the demo records and 90 days of delivery events, so every DORA key has a level', async () => {
    const demo = await createDemoWorkspace({ store, workspaceId: 'demo-ws', ...readPack('engineering-os'), actor: 'setup' });
    expect(demo.workspace).toBe('demo-ws');
    expect(demo.starters.reduce((n, s) => n + s.created, 0)).toBeGreaterThan(100);
    expect(demo.demoEvents.days).toBe(90);
    expect(demo.demoEvents.stored.pullRequests.inserted).toBe(demo.demoEvents.pullRequests);
    expect(demo.demoEvents.stored.deployments.inserted).toBe(demo.demoEvents.deployments);
    const m = await computeDeliveryMetrics(await openSession({ store, workspaceId: 'demo-ws', actor: 'setup' }), {});
    expect([m.deploymentFrequency.level, m.leadTimeForChanges.level, m.changeFailureRate.level, m.recoveryTime.level].every((l) => l !== null)).toBe(true);
  }, 120_000);
});

import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeliveryMetrics } from '../src/app/compute-metrics.ts';
import { initWorkspace } from '../src/app/init-workspace.ts';
import { readPack } from '../src/app/read-pack.ts';
import { openSession } from '../src/app/session.ts';
import { demoEventHistory } from '../src/integrations/demo/demo-event-history.ts';
import { loadDemoEvents } from '../src/integrations/demo/load-demo-events.ts';
import { setDeliveryGauges } from '../src/integrations/prometheus/delivery-gauges.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import type { Store } from '../src/store/store.ts';

describe('the demo event history', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openPglite();
  });
  afterAll(async () => {
    await store.close();
  });

  it('is the same every time for the same day', () => {
    const until = new Date('2026-03-01T12:34:00Z');
    const a = demoEventHistory({ until });
    expect(demoEventHistory({ until: new Date('2026-03-01T23:00:00Z') })).toEqual(a);
    expect(a.pullRequests.length).toBeGreaterThan(300);
    expect(a.pullRequests.every((pr) => String(pr.mergedAt) < '2026-03-01')).toBe(true);
    expect(a.pullRequests[0]?.createdAt.startsWith('2025-12-01')).toBe(true);
  });

  it('gives eos metrics a level for every key, per project too, and some review SLA breaches', async () => {
    const workspaceId = `demo-${randomUUID().slice(0, 8)}`;
    const { pack } = readPack('engineering-os');
    await initWorkspace({ store, workspaceId, pack, actor: 'tester' });
    const session = await openSession({ store, workspaceId, actor: 'tester', clock: () => new Date('2026-03-01T08:00:00Z') });
    const report = await loadDemoEvents(session);
    expect(report.stored.pullRequests.inserted).toBe(report.pullRequests);
    const m = await computeDeliveryMetrics(session, {});
    expect(m.deploymentFrequency.level).not.toBeNull();
    expect(m.leadTimeForChanges.level).not.toBeNull();
    expect(m.changeFailureRate.level).not.toBeNull();
    expect(m.recoveryTime.level).not.toBeNull();
    const project = await computeDeliveryMetrics(session, { project: 'Go microservice 1' });
    expect(project.deploymentFrequency.deployments).toBeGreaterThan(30);
    expect(m.reviewSla.firstReviewOver4h).toBeGreaterThan(0);
    expect(m.reviewSla.approvalOver24h).toBeGreaterThan(0);

    // The Prometheus gauges the server exposes, one series per view.
    const registry = new Registry();
    setDeliveryGauges(registry, m, { workspace: workspaceId, project: '', team: '' });
    setDeliveryGauges(registry, project, { workspace: workspaceId, project: 'Go microservice 1', team: '' });
    const text = await registry.metrics();
    const all = `{workspace="${workspaceId}",project="",team=""}`;
    expect(text).toContain(`eos_dora_deployment_frequency_days_per_week${all} ${m.deploymentFrequency.medianDeployDaysPerWeek}\n`);
    expect(text).toContain(`eos_dora_lead_time_minutes${all} ${m.leadTimeForChanges.medianMinutes}\n`);
    expect(text).toContain(`eos_dora_change_failure_rate${all} ${m.changeFailureRate.value}\n`);
    expect(text).toContain(`eos_dora_recovery_time_minutes${all} ${m.recoveryTime.medianMinutes}\n`);
    expect(text).toContain(`eos_pr_cycle_time_minutes${all} ${m.prCycleTime.medianMinutes}\n`);
    expect(text).toContain(`eos_review_sla_breaches_total${all} ${m.reviewSla.firstReviewOver4h + m.reviewSla.approvalOver24h}\n`);
    expect(text).toContain(`eos_dora_lead_time_minutes{workspace="${workspaceId}",project="Go microservice 1",team=""} ${project.leadTimeForChanges.medianMinutes}\n`);
    // A view whose metrics have no data loses its series instead of keeping a stale value.
    const empty = await computeDeliveryMetrics(session, { from: '2020-01-01', to: '2020-02-01' });
    setDeliveryGauges(registry, empty, { workspace: workspaceId, project: '', team: '' });
    expect(await registry.metrics()).not.toContain(`eos_dora_lead_time_minutes${all}`);
  }, 120_000); // a 90-day history through ingestEvents: seconds, minutes on a crowded machine
});

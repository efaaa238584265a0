import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DELIVERY_GAUGE_NAMES, deliveryGauges } from './delivery-gauges.ts';

const dashboard = JSON.parse(readFileSync(new URL('../../../docs/grafana/eos-delivery.json', import.meta.url), 'utf8')) as {
  panels: { targets: { expr: string }[] }[];
  templating: { list: { name: string }[] };
};

describe('delivery gauges and the Grafana dashboard', () => {
  it('registers each gauge once per registry, with the workspace, project and team labels', async () => {
    const registry = new Registry();
    expect(deliveryGauges(registry).get('eos_dora_lead_time_minutes')).toBe(deliveryGauges(registry).get('eos_dora_lead_time_minutes'));
    const json = await registry.getMetricsAsJSON();
    expect(json.map((m) => m.name)).toEqual([
      'eos_dora_deployment_frequency_days_per_week',
      'eos_dora_lead_time_minutes',
      'eos_dora_change_failure_rate',
      'eos_dora_recovery_time_minutes',
      'eos_pr_cycle_time_minutes',
      'eos_review_sla_breaches_total',
    ]);
    expect(json.map((m) => String(m.type))).toEqual(Array(6).fill('gauge'));
  });

  it('the dashboard reads every gauge, and only those, filtered by workspace, project and team', () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    const used = new Set(exprs.map((e) => /eos_[a-z_]+/.exec(e)?.[0]));
    expect([...used].sort()).toEqual([...DELIVERY_GAUGE_NAMES].sort());
    expect(exprs.every((e) => e.includes('workspace=~"$workspace", project=~"$project", team=~"$team"'))).toBe(true);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'workspace', 'project', 'team']);
  });
});

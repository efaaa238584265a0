import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { firingByRule, recordCountsByStatus } from '../app/store-status.ts';
import type { Store } from '../store/store.ts';

export interface ServerMetricsOptions {
  readonly store: Store;
  readonly workspaceId: string;
}

/**
 * The Prometheus registry of one server (GET /metrics): HTTP requests by route and status,
 * their durations, records per database and status, alerts firing by rule, and Node's own. Other parts add their
 * gauges to `app.metrics` (a prom-client Registry).
 */
export function registerServerMetrics(app: FastifyInstance, options: ServerMetricsOptions): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'eos_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'eos_http_requests_total', help: 'HTTP requests served, by method, route and status', labelNames, registers: [registry] });
  const durations = new Histogram({
    name: 'eos_http_request_duration_seconds',
    help: 'How long HTTP requests took, by method, route and status',
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'eos_records',
    help: 'Records in the workspace, by database and status',
    labelNames: ['database', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await recordCountsByStatus(options.store, options.workspaceId)) this.set({ database: c.database, status: c.status }, c.count);
    },
  });
  new Gauge({
    name: 'eos_alerts_firing',
    help: 'Alert instances firing, by rule and severity (as the last alert pass left them)',
    labelNames: ['rule', 'severity'],
    registers: [registry],
    async collect() {
      this.reset();
      // Every rule has a series, 0 when quiet, so an alerting rule on the gauge sees it drop back.
      for (const r of await firingByRule(options.store, options.workspaceId)) this.set({ rule: r.rule, severity: r.severity }, r.firing);
    },
  });
  app.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    durations.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  return registry;
}

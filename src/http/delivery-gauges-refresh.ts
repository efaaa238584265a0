import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { computeDeliveryMetrics } from '../app/compute-metrics.ts';
import type { Session } from '../app/session.ts';
import { deliveryGauges, setDeliveryGauges } from '../integrations/prometheus/delivery-gauges.ts';

export interface DeliveryGaugesOptions {
  readonly registry: Registry;
  readonly workspaceId: string;
  /** A session to compute with (the scraper's). */
  readonly session: (request: FastifyRequest) => Promise<Session>;
  /** The window the gauges cover, in days, ending at the scrape (default 30). */
  readonly days?: number;
  /** How long a computed value serves scrapes when nothing was written (default 60 s: the window slides). */
  readonly maxAgeMs?: number;
  readonly clock?: () => Date;
}

const DAY = 86_400_000;

/**
 * The delivery gauges on GET /metrics (docs/grafana/eos-delivery.json): computed by
 * computeDeliveryMetrics over the workspace's last 30 days when a scrape comes, and kept until
 * the next write to the workspace (an ingest) or for a minute, whichever is sooner.
 */
export function registerDeliveryGauges(app: FastifyInstance, options: DeliveryGaugesOptions): void {
  deliveryGauges(options.registry);
  const clock = options.clock ?? (() => new Date());
  const maxAge = options.maxAgeMs ?? 60_000;
  let computedAt = Number.NEGATIVE_INFINITY;
  app.onWorkspaceWrite(() => {
    computedAt = Number.NEGATIVE_INFINITY;
  });
  const refresh = async (request: FastifyRequest, now: number): Promise<void> => {
    const session = await options.session(request);
    const metrics = await computeDeliveryMetrics(session, { from: new Date(now - (options.days ?? 30) * DAY).toISOString(), to: new Date(now).toISOString() });
    setDeliveryGauges(options.registry, metrics, { workspace: options.workspaceId, project: '', team: '' });
    computedAt = now;
  };
  // Every request passes here, so the hook takes a callback and returns at once unless it is a scrape.
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.routeOptions.url !== '/metrics' || request.method !== 'GET' || !request.user) return done();
    const now = clock().getTime();
    if (now - computedAt < maxAge) return done();
    refresh(request, now).then(() => done(), done);
  });
}

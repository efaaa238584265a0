import type { Registry } from 'prom-client';
import { z } from 'zod';
import { watchStoreHealth } from '../../app/store-health.ts';
import type { Store } from '../../store/store.ts';
import type { ApiApp } from '../api-context.ts';
import { errors } from '../api-schemas.ts';

export interface SystemRouteOptions {
  readonly store: Store;
  readonly metrics: Registry;
}

/** Health, the OpenAPI document and Prometheus metrics: outside /api/v1. */
export function registerSystemRoutes(app: ApiApp, options: SystemRouteOptions): void {
  const health = watchStoreHealth(options.store);
  app.addHook('onClose', async () => health.stop());
  const down = z.object({ ok: z.literal(false), engine: z.string(), error: z.string() });
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness (no auth): answers from the process and the last known store state, never waiting on the store',
        response: { 200: z.object({ ok: z.literal(true), engine: z.string() }), 503: down },
      },
    },
    async (_request, reply) => {
      const state = health.current();
      if (state.ok) return { ok: true as const, engine: options.store.engine };
      return reply.code(503).send({ ok: false as const, engine: options.store.engine, error: state.error ?? 'the store did not answer' });
    },
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Readiness (no auth): asks the store now and answers 503 when it does not answer within 1 s',
        response: { 200: z.object({ ok: z.literal(true), engine: z.string(), millis: z.number() }), 503: down },
      },
    },
    async (_request, reply) => {
      const state = await health.check();
      if (state.ok) return { ok: true as const, engine: options.store.engine, millis: state.millis ?? 0 };
      return reply.code(503).send({ ok: false as const, engine: options.store.engine, error: state.error ?? 'the store did not answer' });
    },
  );
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics (text exposition format); a browser asking for HTML is sent to the web Metrics page, /delivery',
        response: { 200: z.string(), ...errors(401) },
      },
    },
    async (request, reply) => {
      // A reload of the web app's old /metrics address asks for HTML; scrapers ask for text or openmetrics.
      if (request.headers.accept?.includes('text/html')) return reply.redirect('/delivery', 303);
      return reply.type(options.metrics.contentType).send(await options.metrics.metrics());
    },
  );
}

import type { Registry } from 'prom-client';
import { z } from 'zod';
import { checkStore } from '../../app/store-status.ts';
import type { Store } from '../../store/store.ts';
import type { ApiApp } from '../api-context.ts';
import { errors } from '../api-schemas.ts';

export interface SystemRouteOptions {
  readonly store: Store;
  readonly metrics: Registry;
}

/** Health, the OpenAPI document and Prometheus metrics: outside /api/v1. */
export function registerSystemRoutes(app: ApiApp, options: SystemRouteOptions): void {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and store reachability (no auth)',
        response: { 200: z.object({ ok: z.literal(true), engine: z.string() }), 503: z.object({ ok: z.literal(false), engine: z.string(), error: z.string() }) },
      },
    },
    async (_request, reply) => {
      try {
        await checkStore(options.store);
        return { ok: true as const, engine: options.store.engine };
      } catch (error) {
        return reply.code(503).send({ ok: false as const, engine: options.store.engine, error: (error as Error).message });
      }
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

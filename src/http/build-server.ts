import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions, type onSendHookHandler } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { claimTick } from '../app/schedule/claim-tick.ts';
import { createSessionCache, type SessionCache } from '../app/session-cache.ts';
import type { AlertSender } from '../core/alerts/alert-channel.ts';
import { unauthenticated } from '../core/errors.ts';
import { LIMITS } from '../core/limits.ts';
import { readWriteNotice, type WriteKind } from '../core/write-notice.ts';
import type { Store } from '../store/store.ts';
import { type AlertSchedule, startAlertSchedule } from './alert-schedule.ts';
import { type ApiApp, apiContext } from './api-context.ts';
import { type AuditCheckScheduleOptions, startAuditCheckSchedule } from './audit-check-schedule.ts';
import { registerDeliveryGauges } from './delivery-gauges-refresh.ts';
import { errorReply, notFoundReply } from './error-reply.ts';
import { addIdempotency } from './idempotency-hooks.ts';
import { refuseBadInput } from './input-limits.ts';
import { limitReadConcurrency } from './read-concurrency.ts';
import { ResponseCache } from './response-cache.ts';
import { registerResponseCache } from './response-cache-hooks.ts';
import { startRitualSchedule } from './ritual-schedule.ts';
import { appendRouteHook } from './route-hooks.ts';
import { type AlertCheckState, registerAlertRoutes } from './routes/alert-routes.ts';
import { registerAuditRoutes } from './routes/audit-routes.ts';
import { registerDatabaseRoutes } from './routes/database-routes.ts';
import { registerDecisionRoutes } from './routes/decision-routes.ts';
import { registerDeliveryRoutes, WEBHOOK_ACTOR } from './routes/delivery-routes.ts';
import { registerEvidenceRoutes } from './routes/evidence-routes.ts';
import { registerGateRoutes } from './routes/gate-routes.ts';
import { registerPeopleRoutes } from './routes/people-routes.ts';
import { registerRecordRoutes } from './routes/record-routes.ts';
import { registerRitualRoutes } from './routes/ritual-routes.ts';
import { registerSopRoutes } from './routes/sop-routes.ts';
import { registerSystemRoutes } from './routes/system-routes.ts';
import { registerTargetRoutes } from './routes/target-routes.ts';
import { registerWorkspaceRoutes } from './routes/workspace-routes.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerServerMetrics } from './server-metrics.ts';
import './request-user.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's Prometheus registry (GET /metrics); add gauges to it. */
    metrics: Registry;
    /** Per-request sessions over the cached database definitions. */
    sessions: SessionCache;
    /**
     * Calls `listener` after every write to the server's workspace, by this server or by any
     * process on the same database (ADR 005): whatever a plugin caches (a token's user, say) can
     * be dropped then. Returns a function that unsubscribes.
     */
    /** Called after every write to the workspace, by any process, with what it changed. */
    onWorkspaceWrite(listener: (kind: WriteKind) => void): () => void;
  }
}

export interface BuildServerOptions {
  readonly store: Store;
  readonly workspaceId: string;
  /**
   * The auth plugin (src/http/auth/): it sets `request.user` from a bearer token or the session
   * cookie, enforces CSRF and roles (routes say `config.writes`), and may add its own routes
   * (/auth/login…; `config.public` marks the ones that need no user). Without it, every route
   * but the public ones answers 401.
   */
  readonly auth?: FastifyPluginAsync;
  /** Registers the web app's routes (static assets, SPA fallback); they need no user. */
  readonly web?: (app: FastifyInstance) => Promise<void>;
  /** Serve repeated GETs from memory until the next write (default true; the benchmark turns it off to compare). */
  readonly responseCache?: boolean;
  /**
   * Which proxies' X-Forwarded-For to believe for `request.ip` (login limits count per address):
   * Fastify's trustProxy; default false. `eos serve` reads EOS_TRUST_PROXY.
   */
  readonly trustProxy?: boolean | number | string[];
  /** pino options, or false for no logs (tests). */
  readonly logger?: FastifyServerOptions['logger'];
  readonly clock?: () => Date;
  /** The secret GitHub signs webhook deliveries with (POST /api/v1/events; `eos serve` reads EOS_WEBHOOK_SECRET). */
  readonly webhookSecret?: string | undefined;
  /** Alerts (docs/alerts.md): how notifications leave, the links' public address, and the pass schedule (none without `cron`). */
  readonly alerts?: AlertServerOptions;
  /** Run a ritual pass on this cron pattern (UTC) while the server runs (docs/rituals.md); omit for none. */
  readonly ritualsCron?: string | undefined;
}

export interface AlertServerOptions {
  readonly send: AlertSender;
  readonly baseUrl?: string | undefined;
  /** Run a pass on this cron pattern (UTC) while the server runs; omit for none. */
  readonly cron?: string | undefined;
  /** Verify the audit trail on this cron pattern (UTC), failures to the alert channels; omit for never. */
  readonly auditCron?: string | undefined;
}

/** Who scheduled audit verifications act as: they only read. */
const AUDIT_CHECK_ACTOR = { name: 'eos-audit', role: 'admin' } as const;

/** Starts the audit verification schedule once the server is ready, and stops it before the store closes. */
function scheduleAuditChecks(app: FastifyInstance, options: AuditCheckScheduleOptions): void {
  let schedule: ReturnType<typeof startAuditCheckSchedule> | undefined;
  app.addHook('onReady', async () => {
    schedule = startAuditCheckSchedule(options);
    app.log.info({ cron: options.cron, next: schedule.next()?.toISOString() ?? null }, 'audit verifications scheduled');
  });
  app.addHook('onClose', async () => schedule?.stop());
}

/** Who scheduled ritual passes act as: they create records, so as an admin. */
export const RITUAL_SCHEDULE_ACTOR = { name: 'eos-rituals', role: 'admin' } as const;

/** Who scheduled alert passes act as: they write alert state and send, so as an admin. */
export const ALERT_SCHEDULE_ACTOR = { name: 'eos-alerts', role: 'admin' } as const;

const API_PREFIX = '/api/v1';

/**
 * Builds the eos HTTP server (docs/api.md): every CLI capability under /api/v1, each route
 * parsing its input with zod, calling one app function as the authenticated user, and
 * rendering its result; errors in the one shape with the one status map; OpenAPI 3.1 at
 * /api/openapi.json; /healthz; Prometheus /metrics.
 *
 * @example const app = await buildServer({ store, workspaceId: 'default', auth }); await app.listen({ port: 4300 })
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const alertCheck: AlertCheckState = { checkedAt: null };
  // A path parameter may be any reference up to the key limit, percent-encoded (up to 12 characters a character).
  const app = Fastify({
    logger: options.logger ?? false,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 12 * LIMITS.keyLength },
    trustProxy: (options.trustProxy ?? false) as FastifyServerOptions['trustProxy'],
  }).withTypeProvider<ZodTypeProvider>() as unknown as ApiApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => errorReply(error, request, reply));
  app.setNotFoundHandler((request, reply) => notFoundReply(request, reply));
  // Before any route reads it: no NUL, lone surrogate, over-long parameter or over-deep body reaches SQL (ADR 055).
  app.addHook('preValidation', refuseBadInput);
  // A burst of reads takes turns, so /healthz and writes answer during it (issue 11, point 4).
  limitReadConcurrency(app);
  app.decorateRequest('user', null);
  registerSecurityHeaders(app);

  const sessions = createSessionCache({ store: options.store, workspaceId: options.workspaceId, ...(options.clock ? { clock: options.clock } : {}) });
  const cache = new ResponseCache();
  const listeners = new Set<(kind: WriteKind) => void>();
  // Every write clears the read cache; only a pack change or a restore reloads the pack (issue 13).
  const wrote = (kind: WriteKind) => {
    cache.clear();
    if (kind === 'workspace') sessions.invalidate();
    for (const listener of listeners) listener(kind);
  };
  const stopListening = await options.store.onWrite(
    (payload) => {
      const notice = readWriteNotice(payload);
      if (notice.workspaceId === options.workspaceId) wrote(notice.kind);
    },
    (live) => {
      app.log.warn(live ? 'write notifications flow again: the read cache is back on' : 'lost the write notifications: the read cache is off until they are back');
      cache.setLive(live);
      wrote('workspace');
    },
  );
  app.addHook('onClose', async () => stopListening());
  app.decorate('sessions', sessions);
  app.decorate('onWorkspaceWrite', (listener: (kind: WriteKind) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  });
  app.decorate('metrics', registerServerMetrics(app, { store: options.store, workspaceId: options.workspaceId }));
  // A write route clears what was read before it answers, so its client reads its own write.
  // Attached to the write routes only (every route is added after this hook), so a read pays nothing.
  // Idempotency-Key on every write route (ADR 053): a retried write gets its first answer.
  app.addHook('onRoute', (route) => addIdempotency(route, options.store, options.workspaceId));
  app.addHook('onRoute', (route) => {
    if (!route.config?.writes) return;
    // These routes write data (records, decisions, alerts, imports): people and the pack are not theirs.
    const clearOnSend: onSendHookHandler = (_request, _reply, payload, done) => {
      wrote('data');
      done(null, payload);
    };
    appendRouteHook(route, 'onSend', clearOnSend);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'eos API', version: '1', description: 'The REST API of eos, the Engineering Operating System (docs/api.md).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'eos_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  if (options.auth) await app.register(fastifyPlugin(options.auth));
  // After the auth hooks: a route needs a user unless it says it is public. Hooks on the hot
  // path take a callback rather than returning a promise: a cached GET runs several of them.
  app.addHook('preHandler', (request, _reply, done) => {
    if (!request.routeOptions.config.public && request.routeOptions.url !== undefined && !request.user) {
      return done(unauthenticated('Sign in first: send Authorization: Bearer <token>, or log in at POST /auth/login', {}));
    }
    done();
  });
  if (options.responseCache !== false) registerResponseCache(app, cache);

  const ctx = apiContext(sessions);
  registerSystemRoutes(app, { store: options.store, metrics: app.metrics });
  registerDeliveryGauges(app, { registry: app.metrics, workspaceId: options.workspaceId, session: ctx.session, ...(options.clock ? { clock: options.clock } : {}) });
  await app.register(
    async (api) => {
      const routes = api as unknown as ApiApp;
      registerDatabaseRoutes(routes, ctx);
      registerRecordRoutes(routes, ctx);
      registerPeopleRoutes(routes, ctx);
      registerEvidenceRoutes(routes, ctx);
      registerSopRoutes(routes, ctx);
      registerGateRoutes(routes, ctx);
      registerAuditRoutes(routes, ctx);
      registerDecisionRoutes(routes, ctx);
      registerWorkspaceRoutes(routes, ctx);
      registerDeliveryRoutes(routes, ctx, { webhookSecret: options.webhookSecret, webhookSession: () => sessions.open(WEBHOOK_ACTOR) });
      registerTargetRoutes(routes, ctx);
      registerRitualRoutes(routes, ctx);
      if (options.alerts) registerAlertRoutes(routes, ctx, { ...options.alerts, checked: alertCheck });
    },
    { prefix: API_PREFIX },
  );
  if (options.web) {
    const web = options.web;
    await app.register(async (child) => {
      child.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), public: true };
      });
      await web(child);
    });
  }
  const alerts = options.alerts;
  // Every server on the database schedules the jobs; one of them runs each tick (docs/deploy.md).
  const tickScope = { store: options.store, workspaceId: options.workspaceId, ...(options.clock ? { clock: options.clock } : {}) };
  const claimFor = (job: string) => (tick: Date) => claimTick(tickScope, job, tick);
  if (alerts?.cron) {
    const cron = alerts.cron;
    let schedule: AlertSchedule | undefined;
    // Starts once the server is ready; stops before the store closes, waiting for a pass under way.
    app.addHook('onReady', async () => {
      schedule = startAlertSchedule({
        cron,
        send: alerts.send,
        baseUrl: alerts.baseUrl,
        session: () => sessions.open(ALERT_SCHEDULE_ACTOR),
        log: app.log,
        claim: claimFor('alert-pass'),
        onPass: (at) => {
          alertCheck.checkedAt = at;
        },
      });
      app.log.info({ cron, next: schedule.next()?.toISOString() ?? null }, 'alert passes scheduled');
    });
    app.addHook('onClose', async () => schedule?.stop());
  }
  if (options.ritualsCron) {
    const cron = options.ritualsCron;
    let rituals: ReturnType<typeof startRitualSchedule> | undefined;
    app.addHook('onReady', async () => {
      rituals = startRitualSchedule({ cron, session: () => sessions.open(RITUAL_SCHEDULE_ACTOR), log: app.log });
      app.log.info({ cron, next: rituals.next()?.toISOString() ?? null }, 'ritual passes scheduled');
    });
    app.addHook('onClose', async () => rituals?.stop());
  }
  if (alerts?.auditCron)
    scheduleAuditChecks(app, { cron: alerts.auditCron, send: alerts.send, session: () => sessions.open(AUDIT_CHECK_ACTOR), log: app.log, claim: claimFor('audit-check') });
  await app.ready();
  return app;
}

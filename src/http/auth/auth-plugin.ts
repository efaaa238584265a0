import fastifyCookie from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import type { AuthScope } from '../../app/auth/auth-scope.ts';
import { TokenCache } from '../../app/auth/token-cache.ts';
import { LOGIN_THROTTLE, type LoginThrottle } from '../../core/auth/login-throttle.ts';
import type { Store } from '../../store/store.ts';
import type { ApiApp } from '../api-context.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { authenticateRequest } from './authenticate-request.ts';
import { type LocalCli, registerLocalCliRoute } from './local-cli-route.ts';
import { registerPeopleRoutes } from './people-routes.ts';

export interface AuthPluginOptions {
  readonly store: Store;
  readonly workspaceId: string;
  /** Default: 5 failed logins per username and per address in 15 minutes, counted in the store (shared by every process on it). */
  readonly throttle?: LoginThrottle;
  /** Where the API lives; the auth routes are mounted under it. */
  readonly prefix?: string;
  /** `eos serve` on an embedded store: lets CLI processes on this host run their commands here (ADR 012). */
  readonly localCli?: LocalCli;
  readonly clock?: () => Date;
}

/**
 * The auth plugin buildServer mounts (`auth` option): authenticates every request by bearer
 * token or session cookie into request.user, enforces CSRF on cookie-authenticated writes and
 * the viewer rule on routes that write, and adds /auth/login, /auth/logout, /auth/me,
 * /me/password, /users and /tokens (docs/api.md).
 *
 * @example await buildServer({ store, workspaceId, auth: createAuthPlugin({ store, workspaceId }) })
 */
export function createAuthPlugin(options: AuthPluginOptions): FastifyPluginAsync {
  const scope: AuthScope = { store: options.store, workspaceId: options.workspaceId, ...(options.clock ? { clock: options.clock } : {}) };
  const throttle = options.throttle ?? LOGIN_THROTTLE;
  const prefix = options.prefix ?? '/api/v1';
  return async (app) => {
    await app.register(fastifyCookie);
    app.decorateRequest('auth', null);
    const tokens = new TokenCache(scope);
    // A revocation or a role change is a write to people: by this process or any other on the store
    // (or a restore). A record write leaves every token as it was, so it keeps the cache.
    if (typeof app.onWorkspaceWrite === 'function')
      app.onWorkspaceWrite((kind) => {
        if (kind !== 'data') tokens.clear();
      });
    app.addHook('onRequest', (request, reply, done) => {
      if (request.routeOptions.config.localCli) return done();
      let pending: Promise<void> | undefined;
      try {
        pending = authenticateRequest(scope, tokens, request, reply);
      } catch (error) {
        return done(error as Error);
      }
      if (pending) pending.then(() => done(), done);
      else done();
    });
    const api = app as unknown as ApiApp;
    registerAuthRoutes(api, { scope, throttle, prefix });
    registerPeopleRoutes(api, { scope, prefix, onChange: () => tokens.clear() });
    if (options.localCli) registerLocalCliRoute(api, options.localCli);
  };
}

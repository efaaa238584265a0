import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthScope } from '../../app/auth/auth-scope.ts';
import { authenticateSession } from '../../app/auth/authenticate.ts';
import { sameSecret } from '../../app/auth/secrets.ts';
import type { TokenCache } from '../../app/auth/token-cache.ts';
import { assertCanWrite } from '../../core/auth/role-policy.ts';
import { EosError } from '../../core/errors.ts';
import { CSRF_HEADER, SESSION_COOKIE, sessionCookieOptions } from './session-cookie.ts';
import '../request-user.ts';

/** How a request was authenticated: the session's id and CSRF token for a cookie. */
export type RequestAuth =
  | { readonly method: 'bearer' }
  | { readonly method: 'cookie'; readonly sessionId: string; readonly csrfToken: string; readonly mustChangePassword: boolean };

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyContextConfig {
    /** false: no CSRF check (login only: it has no session yet, and SameSite=Strict covers it). */
    csrf?: false;
    /** Served to a session that must change its one-time password first (GET /auth/me, POST /me/password; ADR 037). */
    beforePasswordChange?: true;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function bearerOf(header: string): string {
  const match = BEARER.exec(header);
  if (!match?.[1]) throw new EosError('unauthenticated', "The Authorization header must be 'Bearer <token>'");
  return match[1];
}

/**
 * Sets request.user from `Authorization: Bearer <token>` or the session cookie, and refuses:
 * a bad token or an ended session (401) on a route that needs a user; a cookie-authenticated
 * write without the session's X-CSRF-Token (403); a session opened with a one-time password on
 * any route but the few that let it change it (403); a viewer on a route that writes (403).
 * Public routes are served either way, as whoever the credentials name.
 *
 * A bearer token the cache already knows is settled at once, without a promise (the hot path of
 * every API client); it returns a promise only when it has to look something up.
 */
export function authenticateRequest(scope: AuthScope, tokens: TokenCache, request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
  const header = request.headers.authorization;
  const known = header ? tokens.known(BEARER.exec(header)?.[1] ?? '') : undefined;
  if (known) {
    request.user = known;
    request.auth = { method: 'bearer' };
    checkAccess(request);
    return undefined;
  }
  return lookUp(scope, tokens, request, reply);
}

async function lookUp(scope: AuthScope, tokens: TokenCache, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const config = request.routeOptions.config;
  const needsUser = !config.public && request.routeOptions.url !== undefined;
  const header = request.headers.authorization;
  const cookie = request.cookies[SESSION_COOKIE];
  try {
    if (header) {
      request.user = await tokens.authenticate(bearerOf(header));
      request.auth = { method: 'bearer' };
    } else if (cookie) {
      const found = await authenticateSession(scope, cookie);
      request.user = found.user;
      request.auth = { method: 'cookie', sessionId: cookie, csrfToken: found.csrfToken, mustChangePassword: found.mustChangePassword };
    }
  } catch (error) {
    if (cookie && !header) reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
    if (needsUser) throw error;
    return;
  }
  checkAccess(request);
}

/** CSRF on a cookie-authenticated write, the one-time password rule, and the viewer rule on a route that writes. */
function checkAccess(request: FastifyRequest): void {
  const config = request.routeOptions.config;
  const needsUser = !config.public && request.routeOptions.url !== undefined;
  if (request.auth?.method === 'cookie' && !SAFE_METHODS.has(request.method) && config.csrf !== false) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, request.auth.csrfToken)) {
      throw new EosError('forbidden', 'A write with the session cookie needs the X-CSRF-Token header: send the csrfToken that POST /auth/login and GET /auth/me return', {
        header: 'X-CSRF-Token',
      });
    }
  }
  if (request.auth?.method === 'cookie' && request.auth.mustChangePassword && needsUser && !config.beforePasswordChange) {
    throw new EosError('forbidden', 'Change your one-time password first: POST /api/v1/me/password {currentPassword, newPassword}', { mustChangePassword: true });
  }
  if (config.writes && request.user) assertCanWrite(request.user, `${request.method} ${request.routeOptions.url}`);
}

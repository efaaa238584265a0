import { z } from 'zod';
import type { AuthScope } from '../../app/auth/auth-scope.ts';
import { logOut } from '../../app/auth/authenticate.ts';
import { changeOwnPassword } from '../../app/auth/change-own-password.ts';
import { logIn } from '../../app/auth/log-in.ts';
import type { LoginThrottle } from '../../core/auth/login-throttle.ts';
import { rolesOf } from '../../core/auth/roles.ts';
import { unauthenticated } from '../../core/errors.ts';
import type { ApiApp } from '../api-context.ts';
import { errors } from '../api-schemas.ts';
import { changePasswordSchema, meSchema } from './auth-schemas.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.ts';

export interface AuthRouteOptions {
  readonly scope: AuthScope;
  readonly throttle: LoginThrottle;
  readonly prefix: string;
}

/** POST /auth/login, POST /auth/logout, GET /auth/me, POST /me/password. */
export function registerAuthRoutes(app: ApiApp, { scope, throttle, prefix }: AuthRouteOptions): void {
  app.post(
    `${prefix}/auth/login`,
    {
      config: { public: true, csrf: false, noIdempotency: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in: sets the eos_session cookie (httpOnly, SameSite=Strict) and returns the CSRF token for writes',
        security: [],
        body: z.object({ username: z.string().min(1), password: z.string().min(1) }),
        response: { 200: meSchema, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const session = await logIn(scope, { username: request.body.username, password: request.body.password, ip: request.ip }, throttle);
      reply.setCookie(SESSION_COOKIE, session.sessionId, sessionCookieOptions(request, new Date(session.expiresAt)));
      return {
        user: { name: session.user.name, role: session.user.role, roles: [...rolesOf(session.user)] },
        csrfToken: session.csrfToken,
        mustChangePassword: session.mustChangePassword,
      };
    },
  );

  app.post(
    `${prefix}/auth/logout`,
    {
      config: { public: true, noIdempotency: true },
      schema: { tags: ['auth'], summary: 'Log out: ends the session and clears its cookie', response: { 204: z.null(), ...errors(401, 403) } },
    },
    async (request, reply) => {
      if (request.auth?.method === 'cookie') await logOut(scope, request.auth.sessionId);
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${prefix}/auth/me`,
    {
      config: { beforePasswordChange: true },
      schema: { tags: ['auth'], summary: 'Who is signed in, and the CSRF token of the session', response: { 200: meSchema, ...errors(401) } },
    },
    async (request, reply) => {
      if (!request.user) throw unauthenticated('Not signed in');
      reply.header('cache-control', 'no-store');
      const cookie = request.auth?.method === 'cookie' ? request.auth : null;
      return {
        user: { name: request.user.name, role: request.user.role, roles: [...rolesOf(request.user)] },
        csrfToken: cookie?.csrfToken ?? null,
        mustChangePassword: cookie?.mustChangePassword ?? false,
      };
    },
  );

  app.post(
    `${prefix}/me/password`,
    {
      config: { beforePasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (a one-time password must be changed first); your other sessions end, this one stays',
        body: changePasswordSchema,
        response: { 200: meSchema, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      if (!request.user) throw unauthenticated('Sign in first');
      const cookie = request.auth?.method === 'cookie' ? request.auth : null;
      await changeOwnPassword(scope, request.user, { ...request.body, ip: request.ip, sessionId: cookie?.sessionId }, throttle);
      reply.header('cache-control', 'no-store');
      return { user: { name: request.user.name, role: request.user.role, roles: [...rolesOf(request.user)] }, csrfToken: cookie?.csrfToken ?? null, mustChangePassword: false };
    },
  );
}

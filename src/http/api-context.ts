import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Session } from '../app/session.ts';
import type { SessionCache } from '../app/session-cache.ts';
import { unauthenticated } from '../core/errors.ts';
import './request-user.ts';

/** The Fastify instance routes are declared on: zod schemas validate, serialise and document them. */
export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What every route needs: a session acting as the request's user. */
export interface ApiContext {
  session(request: FastifyRequest): Promise<Session>;
}

export function apiContext(sessions: SessionCache): ApiContext {
  return {
    session: (request) => {
      if (!request.user) throw unauthenticated('Sign in first: send Authorization: Bearer <token>, or log in at POST /auth/login');
      return sessions.open(request.user);
    },
  };
}

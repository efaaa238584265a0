import type {} from 'fastify';
import type { Actor } from '../core/auth/roles.ts';

/** Who a request acts as: the auth plugin sets it, and every use case records this name and checks this role. */
export type RequestUser = Actor;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin (src/http/auth/) once the request is authenticated; null before. */
    user: RequestUser | null;
  }
  interface FastifyContextConfig {
    /** The route changes something: a viewer may not call it, and a cookie needs the CSRF header. */
    writes?: boolean;
    /** The route needs no authenticated user (health, the OpenAPI document, login, web assets). */
    public?: boolean;
    /** A GET whose response may be served from the response cache until the next write. */
    cache?: boolean;
  }
}

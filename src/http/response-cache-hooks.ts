import { createHash } from 'node:crypto';
import type { FastifyInstance, onSendHookHandler, preValidationHookHandler } from 'fastify';
import type { ResponseCache } from './response-cache.ts';
import { appendRouteHook } from './route-hooks.ts';
import './request-user.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The cache generation when a cacheable GET started rendering (see ResponseCache.set). */
    cacheGeneration?: number;
  }
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

const weakEtag = (body: string): string => `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;

/**
 * Serves a repeated GET of a cacheable route (`config.cache`) from memory and answers
 * If-None-Match with 304 from the ETag. The cache is cleared by every write (see buildServer).
 * The hooks are attached to the cacheable routes only. A hit is served before the input is
 * validated (only a 200 is kept, so its URL was valid), and only to a request that the auth hooks
 * gave a user (or to a public route): a request without one goes on, to be refused. The hooks take
 * callbacks rather than returning promises, since they sit on the hottest path there is. Call
 * before the routes are added.
 */
export function registerResponseCache(app: FastifyInstance, cache: ResponseCache): void {
  const serveHit: preValidationHookHandler = (request, reply, done) => {
    if (request.method !== 'GET' || (!request.user && !request.routeOptions.config.public)) return done();
    const hit = cache.get(request.url);
    if (!hit) {
      request.cacheGeneration = cache.generation;
      return done();
    }
    reply.header('etag', hit.etag).header('cache-control', 'private, no-cache').header('x-eos-cache', 'hit');
    if (matches(request.headers['if-none-match'], hit.etag)) reply.code(304).send();
    else reply.type('application/json; charset=utf-8').send(hit.body);
  };
  const keep: onSendHookHandler = (request, reply, payload, done) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-eos-cache') === 'hit') return done(null, payload);
    const etag = String(reply.getHeader('etag') ?? weakEtag(payload));
    reply.header('etag', etag);
    if (String(reply.getHeader('cache-control') ?? '').includes('no-store')) return done(null, payload);
    reply.header('cache-control', 'private, no-cache');
    if (request.cacheGeneration !== undefined) cache.set(request.url, { body: payload, etag }, request.cacheGeneration);
    if (!matches(request.headers['if-none-match'], etag)) return done(null, payload);
    reply.code(304);
    done(null, '');
  };
  app.addHook('onRoute', (route) => {
    if (route.config?.cache !== true) return;
    appendRouteHook(route, 'preValidation', serveHit);
    appendRouteHook(route, 'onSend', keep);
  });
}

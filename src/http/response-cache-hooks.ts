import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ResponseCache } from './response-cache.ts';
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

const cacheable = (request: FastifyRequest): boolean => request.method === 'GET' && request.routeOptions.config.cache === true;

/**
 * Serves a repeated GET of a cacheable route from memory and answers If-None-Match with 304
 * from the ETag. The cache is cleared by every write (see buildServer). Registered after the
 * auth hooks, so a cached answer still needs a user.
 */
export function registerResponseCache(app: FastifyInstance, cache: ResponseCache): void {
  app.addHook('preHandler', async (request, reply) => {
    if (!cacheable(request)) return;
    const hit = cache.get(request.url);
    if (!hit) {
      request.cacheGeneration = cache.generation;
      return;
    }
    reply.header('etag', hit.etag).header('cache-control', 'private, no-cache').header('x-eos-cache', 'hit');
    if (matches(request.headers['if-none-match'], hit.etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(hit.body);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!cacheable(request) || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-eos-cache') === 'hit') return payload;
    const etag = String(reply.getHeader('etag') ?? weakEtag(payload));
    reply.header('etag', etag);
    if (String(reply.getHeader('cache-control') ?? '').includes('no-store')) return payload;
    reply.header('cache-control', 'private, no-cache');
    if (request.cacheGeneration !== undefined) cache.set(request.url, { body: payload, etag }, request.cacheGeneration);
    if (!matches(request.headers['if-none-match'], etag)) return payload;
    reply.code(304);
    return '';
  });
}

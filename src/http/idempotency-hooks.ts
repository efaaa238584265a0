import type { FastifyReply, FastifyRequest, onSendHookHandler, preHandlerHookHandler, preValidationHookHandler, RouteOptions } from 'fastify';
import { checkIdempotencyKey, claimIdempotencyKey, IdempotencyRefusal, type IdempotentRequest, idempotencyHash, runIdempotent, settleIdempotencyKey } from '../app/idempotency.ts';
import type { Store } from '../store/store.ts';
import { errorReply } from './error-reply.ts';
import { appendRouteHook } from './route-hooks.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The claimed Idempotency-Key of a write request, once its preHandler has run. */
    idempotency?: IdempotentRequest;
    /** sha256 of the route and the body as sent, computed before validation reshapes it. */
    idempotencyBodyHash?: string;
  }
  interface FastifyContextConfig {
    /** The route never takes an Idempotency-Key (logging in and out). */
    noIdempotency?: true;
  }
}

/** The header a reply carries when it is a stored answer to an earlier request with the same key. */
export const REPLAY_HEADER = 'idempotent-replayed';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

function routeOf(request: FastifyRequest): string {
  return `${request.method} ${request.url.split('?')[0] ?? request.url}`;
}

/** Who the key belongs to: the signed-in user, or the local CLI's EOS_USER. */
function actorOf(request: FastifyRequest): string | undefined {
  if (request.user) return request.user.name;
  if (request.routeOptions.config.localCli) return `cli:${(request.body as { actor?: string } | undefined)?.actor ?? ''}`;
  return undefined;
}

function header(request: FastifyRequest): string | undefined {
  const value = request.headers['idempotency-key'];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Idempotency-Key on every write route (ADR 053, docs/api.md): the first request with a key runs
 * and its answer is kept 24 hours; a retry with the same key and body gets that answer again
 * (with `Idempotent-Replayed: true`) and writes nothing. Attached from an `onRoute` hook.
 */
export function addIdempotency(route: RouteOptions, store: Store, workspaceId: string): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!methods.some((m) => WRITE_METHODS.has(m)) || route.config?.noIdempotency) return;

  const fingerprint: preValidationHookHandler = (request, _reply, done) => {
    if (header(request) !== undefined) request.idempotencyBodyHash = idempotencyHash(routeOf(request), JSON.stringify(request.body ?? null));
    done();
  };
  const claim: preHandlerHookHandler = async (request, reply) => {
    const key = header(request);
    const actor = actorOf(request);
    if (key === undefined || actor === undefined) return;
    const idempotent: IdempotentRequest = { workspaceId, actor, key: checkIdempotencyKey(key), route: routeOf(request), requestHash: request.idempotencyBodyHash ?? '' };
    try {
      const claimed = await claimIdempotencyKey(store, idempotent);
      if (claimed.kind === 'replay') {
        return reply.code(claimed.answer.status).header(REPLAY_HEADER, 'true').type(claimed.answer.contentType).send(claimed.answer.body);
      }
    } catch (error) {
      if (error instanceof IdempotencyRefusal) {
        return reply.code(error.status).type('application/json; charset=utf-8').send(JSON.stringify(error.toJSON()));
      }
      return errorReply(error, request, reply);
    }
    request.idempotency = idempotent;
  };
  const keep: onSendHookHandler = async (request, reply, payload) => {
    const idempotent = request.idempotency;
    if (!idempotent || reply.getHeader(REPLAY_HEADER)) return payload;
    request.idempotency = undefined;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : JSON.stringify(payload ?? null);
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    await settleIdempotencyKey(store, idempotent, { status: reply.statusCode, contentType, body }, failedAnswer(request, reply.statusCode, body));
    return payload;
  };
  appendRouteHook(route, 'preValidation', fingerprint);
  appendRouteHook(route, 'preHandler', claim);
  appendRouteHook(route, 'onSend', keep);
  const handler = route.handler;
  route.handler = function idempotentHandler(this: unknown, request: FastifyRequest, reply: FastifyReply) {
    const idempotent = request.idempotency;
    return idempotent ? runIdempotent(idempotent, () => handler.call(this as never, request, reply)) : handler.call(this as never, request, reply);
  };
}

/** A forwarded CLI command answers 200 with its exit code: a non-zero one is a failure too. */
function failedAnswer(request: FastifyRequest, status: number, body: string): boolean {
  if (status >= 400) return true;
  if (!request.routeOptions.config.localCli) return false;
  try {
    return (JSON.parse(body) as { exitCode?: number }).exitCode !== 0;
  } catch {
    return true;
  }
}

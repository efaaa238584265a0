import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { EosError, invalidInput, notFound } from '../core/errors.ts';
import { HTTP_STATUS } from './http-status.ts';

/** One problem with a request: where it is (body, querystring, params, headers) and the field. */
export interface RequestProblem {
  readonly in: string;
  readonly field: string;
  readonly message: string;
}

function validationError(error: FastifyError & { validation: { instancePath: string; message?: string }[] }): EosError {
  const where = error.validationContext ?? 'body';
  const problems: RequestProblem[] = error.validation.map((v) => ({
    in: where,
    field: v.instancePath.replace(/^\//, '').split('/').join('.'),
    message: v.message ?? 'is not valid',
  }));
  const lines = problems.map((p) => `${p.in}${p.field ? `.${p.field}` : ''}: ${p.message}`);
  return invalidInput(`Invalid request: ${lines.join('; ')}`, { problems });
}

/** 413 naming the route's limit, so a client knows how much it may send (docs/api.md). */
function bodyTooLarge(request: FastifyRequest): EosError {
  const limit = request.routeOptions.bodyLimit ?? 1024 * 1024;
  const mib = Math.round((limit / (1024 * 1024)) * 10) / 10;
  return new EosError('too_large', `The body is over this route's limit of ${mib} MiB (${limit} bytes): send less, or split it into several requests`, {
    in: 'body',
    limitBytes: limit,
  });
}

/** Errors Fastify raises before a route runs (a body that is not JSON, too large, of another type). */
function fastifyError(error: FastifyError, request: FastifyRequest): EosError | undefined {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return invalidInput(`The body is not valid JSON: ${error.message}`, { problems: [{ in: 'body', field: '', message: error.message }] });
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return invalidInput('The body is empty: send a JSON object (Content-Type: application/json)', { in: 'body' });
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return bodyTooLarge(request);
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return invalidInput(`${error.message}: send JSON with Content-Type: application/json`, { in: 'headers' });
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return invalidInput(error.message, {});
  return undefined;
}

/**
 * An error eos did not expect (a database error, a bug): logged in full under a fresh id, answered
 * with that id and a generic message, never the error's own text, which may quote SQL (ADR 055).
 */
function unexpected(error: unknown, request: FastifyRequest): EosError {
  const errorId = randomUUID();
  request.log.error({ err: error, errorId }, 'unexpected error');
  return new EosError('internal', `eos failed unexpectedly on this request. The server log has the details under error id ${errorId}`, {
    errorId,
  });
}

/** Turns anything a route threw into the error shape with its one mapped status. */
export function errorReply(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let eos: EosError;
  if (error instanceof EosError) eos = error;
  else if (hasZodFastifySchemaValidationErrors(error)) eos = validationError(error);
  else if (isResponseSerializationError(error)) {
    request.log.error({ issues: error.cause.issues, url: error.url }, 'a response did not match its schema');
    eos = new EosError('internal', `The response of ${error.method} ${error.url} did not match its schema; this is a bug in eos`);
  } else eos = fastifyError(error as FastifyError, request) ?? unexpected(error, request);
  if (eos.code === 'internal' && !eos.details.errorId) request.log.error({ err: error }, 'internal error');
  const retryAfter = eos.details.retryAfterSeconds;
  if (eos.code === 'rate_limited' && typeof retryAfter === 'number') reply.header('retry-after', String(Math.ceil(retryAfter)));
  return reply.code(HTTP_STATUS[eos.code]).type('application/json; charset=utf-8').send(JSON.stringify(eos.toJSON()));
}

/** An unknown route: not_found in the error shape, naming the method and path. */
export function notFoundReply(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? request.url;
  return errorReply(
    notFound(`No route ${request.method} ${path}. The API is under /api/v1; its OpenAPI document is /api/openapi.json`, { method: request.method, path }),
    request,
    reply,
  );
}

import type { ErrorCode } from '../core/errors.ts';

/**
 * docs/api.md: the one map from error code to HTTP status, beside the CLI's exit codes.
 * Exhaustive: a new code without a status does not compile.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  gate_blocked: 409,
  // A stale If-Match: the precondition failed (RFC 9110 §13.1.1).
  conflict: 412,
  rate_limited: 429,
  // A body over the route's limit (RFC 9110 §15.5.14); the message names the limit.
  too_large: 413,
  // Another process holds the embedded store: the service is unavailable for now.
  locked: 503,
  internal: 500,
};

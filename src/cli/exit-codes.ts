import type { ErrorCode } from '../core/errors.ts';

/**
 * CONTRACT §2: 0 ok · 1 internal error · 2 invalid input or usage · 3 blocked by a gate ·
 * 4 not found · 5 conflict · 6 not permitted. Exhaustive: a new code without an exit code
 * does not compile.
 */
export const EXIT_CODES: Record<ErrorCode, number> = {
  invalid_input: 2,
  gate_blocked: 3,
  not_found: 4,
  conflict: 5,
  // Another process holds the embedded store: a conflict over the workspace, retried later.
  locked: 5,
  unauthenticated: 6,
  forbidden: 6,
  // Too many attempts (a login, say): not permitted now, permitted again later.
  rate_limited: 6,
  // A request body over the server's limit: the input is wrong, like any invalid input.
  too_large: 2,
  internal: 1,
};

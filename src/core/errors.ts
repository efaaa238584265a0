/**
 * Every failure a user can meet carries one of these codes. The CLI's exit codes and the
 * API's HTTP statuses are exhaustive maps over this union, so a new code can't ship unmapped.
 */
export const ERROR_CODES = ['invalid_input', 'unauthenticated', 'forbidden', 'not_found', 'gate_blocked', 'conflict', 'rate_limited', 'too_large', 'locked', 'internal'] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetails = Record<string, unknown>;

/** The one error type of eos: a stable code, a message that says what to do, and details. */
export class EosError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'EosError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { error: { code: ErrorCode; message: string } & ErrorDetails } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export const invalidInput = (message: string, details?: ErrorDetails) => new EosError('invalid_input', message, details);
export const notFound = (message: string, details?: ErrorDetails) => new EosError('not_found', message, details);
export const conflict = (message: string, details?: ErrorDetails) => new EosError('conflict', message, details);
export const unauthenticated = (message: string, details?: ErrorDetails) => new EosError('unauthenticated', message, details);
export const forbidden = (message: string, details?: ErrorDetails) => new EosError('forbidden', message, details);

/** Wraps anything thrown into an EosError, keeping EosErrors as they are. */
export function toEosError(error: unknown): EosError {
  if (error instanceof EosError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EosError('internal', message, {});
}

import type { CreatedToken } from '../../app/auth/create-token.ts';
import type { IdempotentAnswer } from '../../app/idempotency.ts';

// The answers POST /users and POST /tokens keep for an Idempotency-Key in their write's own transaction.

/** A JSON answer as the route sends it. */
export function jsonAnswer(status: number, body: unknown): IdempotentAnswer {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}

/**
 * The kept answer of a token creation: everything but the token, which eos stores nowhere but as
 * its sha256 (ADR 060). A retry learns the token was made and which one; if its first answer was
 * lost, revoke that token and create another.
 */
export function withheldToken(created: CreatedToken): IdempotentAnswer {
  const { token: _secret, ...view } = created;
  return jsonAnswer(201, {
    ...view,
    token: null,
    tokenWithheld: `This token was created by the first request with this Idempotency-Key and is shown only in that answer; if it was lost, revoke token ${created.id} and create another.`,
  });
}

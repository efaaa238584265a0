import { createHmac, timingSafeEqual } from 'node:crypto';
import { EosError } from '../../core/errors.ts';

export interface WebhookSignatureInput {
  /** The shared secret configured for the webhook. */
  readonly secret: string;
  /** The request body exactly as received: the signature covers its bytes, not the parsed JSON. */
  readonly body: string | Uint8Array;
  /** The `X-Hub-Signature-256` header value, `sha256=<hex>`. */
  readonly signature: string | undefined;
}

/** `sha256=<hex>` of the body under the secret, as GitHub sends it. */
export function signWebhookBody(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Checks GitHub's `X-Hub-Signature-256` header in constant time. A missing or wrong signature
 * is `unauthenticated` (HTTP 401), with a message that says what to check.
 *
 * @example verifyWebhookSignature({ secret: 's', body: raw, signature: req.headers['x-hub-signature-256'] })
 */
export function verifyWebhookSignature(input: WebhookSignatureInput): void {
  if (!input.signature) {
    throw new EosError('unauthenticated', 'The webhook has no X-Hub-Signature-256 header, but a secret is configured: set the same secret on the GitHub webhook');
  }
  const expected = Buffer.from(signWebhookBody(input.secret, input.body));
  const given = Buffer.from(input.signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new EosError('unauthenticated', "The webhook's X-Hub-Signature-256 does not match its body: the secret on GitHub differs from eos's, or the body was changed on the way");
  }
}

import { describe, expect, it } from 'vitest';
import { EosError } from '../../core/errors.ts';
import { signWebhookBody, verifyWebhookSignature } from './verify-webhook-signature.ts';

const thrown = (f: () => void) => {
  try {
    f();
  } catch (error) {
    return error as EosError;
  }
  throw new Error('expected it to throw');
};

describe('X-Hub-Signature-256', () => {
  // The example GitHub documents ("Validating webhook deliveries").
  const secret = "It's a Secret to Everybody";
  const body = 'Hello, World!';

  it('matches the digest GitHub documents', () => {
    expect(signWebhookBody(secret, body)).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
    expect(() => verifyWebhookSignature({ secret, body, signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' })).not.toThrow();
    expect(() => verifyWebhookSignature({ secret, body: Buffer.from(body), signature: signWebhookBody(secret, body) })).not.toThrow();
  });

  it('refuses a wrong, truncated or missing signature as unauthenticated', () => {
    const wrong = thrown(() => verifyWebhookSignature({ secret, body: `${body} `, signature: signWebhookBody(secret, body) }));
    expect(wrong).toBeInstanceOf(EosError);
    expect(wrong.code).toBe('unauthenticated');
    expect(wrong.message).toBe("The webhook's X-Hub-Signature-256 does not match its body: the secret on GitHub differs from eos's, or the body was changed on the way");
    expect(thrown(() => verifyWebhookSignature({ secret, body, signature: 'sha256=757107' })).code).toBe('unauthenticated');
    const missing = thrown(() => verifyWebhookSignature({ secret, body, signature: undefined }));
    expect(missing.message).toBe('The webhook has no X-Hub-Signature-256 header, but a secret is configured: set the same secret on the GitHub webhook');
  });
});

import { createHmac } from 'node:crypto';
import type { DeliveryOutcome, WebhookChannel } from '../../core/alerts/alert-channel.ts';
import type { AlertNotification } from '../../core/alerts/alert-notification.ts';
import { slackPayload } from '../../core/alerts/slack-payload.ts';

export const SIGNATURE_HEADER = 'X-Eos-Signature-256';

/**
 * The signature of a body under a secret, as `X-Eos-Signature-256` carries it (GitHub's scheme).
 *
 * @example signBody('{"event":"test"}', 's3cret') // 'sha256=…'
 */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface WebhookOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
}

/** POSTs a notification as JSON, with Slack's `text` and `blocks` beside it (ADR 072); any answer but 2xx, a timeout or a refused connection is a failure. */
export async function sendWebhook(channel: WebhookChannel, notification: AlertNotification, options: WebhookOptions): Promise<DeliveryOutcome> {
  const body = JSON.stringify({ ...notification, ...slackPayload(notification) });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'eos-alerts', 'x-eos-event': notification.event };
  const secretEnv = channel.config.secretEnv;
  if (secretEnv) {
    const secret = options.env[secretEnv];
    if (!secret) return { ok: false, statusCode: null, response: null, error: `${secretEnv} is not set: the channel '${channel.name}' signs with the secret in it` };
    headers[SIGNATURE_HEADER] = signBody(body, secret);
  }
  try {
    const response = await fetch(channel.config.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs), redirect: 'manual' });
    const text = (await response.text().catch(() => '')).slice(0, 500);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, response: text || null, error: ok ? null : `the webhook answered ${response.status}` };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const message = timedOut ? `no answer within ${options.timeoutMs} ms` : `${error instanceof Error ? error.message : String(error)}${cause}`;
    return { ok: false, statusCode: null, response: null, error: message };
  }
}

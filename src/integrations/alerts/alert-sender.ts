import type { AlertSender } from '../../core/alerts/alert-channel.ts';
import { sendEmail } from './send-email.ts';
import { sendWebhook } from './send-webhook.ts';

export interface AlertSenderOptions {
  /** Where secrets are read from, by the names the channels give (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How long a channel may take to answer (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * The real way out for notifications: webhooks over HTTP(S), email over SMTP. Secrets are read
 * from the environment at send time and go nowhere else.
 *
 * @example const send = createAlertSender(); await send(channel, testNotification({ … }))
 */
export function createAlertSender(options: AlertSenderOptions = {}): AlertSender {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return (channel, notification) => (channel.kind === 'webhook' ? sendWebhook(channel, notification, { env, timeoutMs }) : sendEmail(channel, notification, { env, timeoutMs }));
}

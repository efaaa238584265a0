import nodemailer from 'nodemailer';
import type { DeliveryOutcome, EmailChannel } from '../../core/alerts/alert-channel.ts';
import { type AlertNotification, emailOf } from '../../core/alerts/alert-notification.ts';

export interface EmailOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
}

const replyCode = (text: string | undefined) => {
  const code = /^(\d{3})/.exec(text ?? '')?.[1];
  return code ? Number(code) : null;
};

/** Sends a notification by SMTP (nodemailer): plain text and a short HTML part. The SMTP reply is the outcome. */
export async function sendEmail(channel: EmailChannel, notification: AlertNotification, options: EmailOptions): Promise<DeliveryOutcome> {
  const c = channel.config;
  let auth: { user: string; pass: string } | undefined;
  if (c.user && c.passwordEnv) {
    const pass = options.env[c.passwordEnv];
    if (!pass)
      return { ok: false, statusCode: null, response: null, error: `${c.passwordEnv} is not set: the channel '${channel.name}' logs in to ${c.host} with the password in it` };
    auth = { user: c.user, pass };
  }
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.port === 465,
    ...(auth ? { auth } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const mail = emailOf(notification);
  try {
    const info = await transport.sendMail({ from: c.from, to: [...c.to], subject: mail.subject, text: mail.text, html: mail.html });
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0) return { ok: false, statusCode: replyCode(info.response), response: info.response, error: `the server refused ${rejected.join(', ')}` };
    return { ok: true, statusCode: replyCode(info.response), response: info.response, error: null };
  } catch (error) {
    const e = error as { message?: string; response?: string; responseCode?: number };
    return { ok: false, statusCode: e.responseCode ?? replyCode(e.response), response: e.response ?? null, error: e.message ?? String(error) };
  } finally {
    transport.close();
  }
}

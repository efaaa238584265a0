import { invalidInput } from '../errors.ts';
import type { AlertNotification } from './alert-notification.ts';

/** A webhook channel: JSON POSTed to `url`, signed with the secret in the env var `secretEnv` if given. */
export interface WebhookChannel {
  readonly name: string;
  readonly kind: 'webhook';
  readonly config: { readonly url: string; readonly secretEnv?: string };
}

/** An email channel: SMTP to `host:port`, from `from` to `to`, logging in as `user` with the password in `passwordEnv`. */
export interface EmailChannel {
  readonly name: string;
  readonly kind: 'email';
  readonly config: {
    readonly to: readonly string[];
    readonly host: string;
    readonly port: number;
    readonly from: string;
    readonly user?: string;
    readonly passwordEnv?: string;
  };
}

export type AlertChannel = WebhookChannel | EmailChannel;

/** How one delivery attempt went: the HTTP status or SMTP reply, and the error if it failed. */
export interface DeliveryOutcome {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly response: string | null;
  readonly error: string | null;
}

/** The port through which notifications leave eos (src/integrations/alerts/ implements it). */
export type AlertSender = (channel: AlertChannel, notification: AlertNotification) => Promise<DeliveryOutcome>;

export interface ChannelInput {
  readonly name: string;
  readonly webhook?: string | undefined;
  readonly secretEnv?: string | undefined;
  readonly email?: string | undefined;
  readonly smtp?: string | undefined;
  readonly from?: string | undefined;
  readonly user?: string | undefined;
  readonly passwordEnv?: string | undefined;
}

const CHANNEL_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+$/;

/**
 * Reads a channel from `eos alerts channel add` (or its API body), reporting every problem at
 * once. Secrets are never taken as values: only the names of the environment variables that hold them.
 *
 * @example parseChannel({ name: 'ops', webhook: 'https://hooks.example.com/x', secretEnv: 'EOS_ALERT_WEBHOOK_SECRET' })
 */
export function parseChannel(input: ChannelInput): AlertChannel {
  const problems: { field: string; message: string }[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (!CHANNEL_NAME.test(input.name)) problem('name', `'${input.name}' is not a channel name: use lower-case letters, digits, '.', '_' or '-' (e.g. ops-alerts)`);
  for (const [field, value] of [
    ['secretEnv', input.secretEnv],
    ['passwordEnv', input.passwordEnv],
  ] as const) {
    if (value !== undefined && !ENV_NAME.test(value))
      problem(field, `--${field === 'secretEnv' ? 'secret-env' : 'password-env'} takes the NAME of an environment variable (e.g. EOS_ALERT_SECRET), not '${value}'`);
  }
  let channel: AlertChannel | undefined;
  if ((input.webhook === undefined) === (input.email === undefined)) {
    problem('kind', 'give exactly one of --webhook <url> or --email <to>');
  } else if (input.webhook !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(input.webhook);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) problem('webhook', `--webhook '${input.webhook}' is not an http(s) URL`);
    for (const flag of ['smtp', 'from', 'user', 'passwordEnv'] as const) if (input[flag] !== undefined) problem(flag, `--${flag} is for email channels`);
    channel = { name: input.name, kind: 'webhook', config: { url: input.webhook, ...(input.secretEnv ? { secretEnv: input.secretEnv } : {}) } };
  } else {
    const to = (input.email ?? '')
      .split(/[,;]/)
      .map((t) => t.trim())
      .filter(Boolean);
    if (to.length === 0 || to.some((t) => !EMAIL.test(t))) problem('email', `--email '${input.email}' must be one or more addresses, separated by commas`);
    const smtp = /^([^\s:]+):(\d{1,5})$/.exec(input.smtp ?? '');
    const port = smtp ? Number(smtp[2]) : 0;
    if (!smtp || port < 1 || port > 65_535) problem('smtp', `--smtp must be host:port (e.g. smtp.example.com:587), not '${input.smtp ?? ''}'`);
    if (!input.from || !EMAIL.test(input.from)) problem('from', `--from must be an address, not '${input.from ?? ''}'`);
    if ((input.user === undefined) !== (input.passwordEnv === undefined)) problem('user', '--user and --password-env go together');
    if (input.secretEnv !== undefined) problem('secretEnv', '--secret-env is for webhook channels');
    channel = {
      name: input.name,
      kind: 'email',
      config: {
        to,
        host: smtp?.[1] ?? '',
        port,
        from: input.from ?? '',
        ...(input.user ? { user: input.user } : {}),
        ...(input.passwordEnv ? { passwordEnv: input.passwordEnv } : {}),
      },
    };
  }
  if (problems.length > 0 || !channel) {
    throw invalidInput(`The channel '${input.name}' is not valid: ${problems.map((p) => p.message).join('; ')}`, { problems });
  }
  return channel;
}

/** A URL for people: without credentials or a query string, which may carry tokens. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}

/** Where a channel sends, for people: never a secret, only the names of the variables that hold them. */
export function describeChannel(channel: AlertChannel): string {
  if (channel.kind === 'webhook') return `POST ${redactUrl(channel.config.url)}${channel.config.secretEnv ? ` (signed with $${channel.config.secretEnv})` : ''}`;
  const c = channel.config;
  return `email ${c.to.join(', ')} via ${c.host}:${c.port} from ${c.from}${c.user ? ` as ${c.user} ($${c.passwordEnv})` : ''}`;
}

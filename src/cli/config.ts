import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { invalidInput } from '../core/errors.ts';

/** All configuration eos reads from the environment, with defaults, validated once at start-up. */
const configSchema = z.object({
  EOS_HOME: z.string().min(1).default('./.eos').describe('Folder of the embedded workspace store (PGlite data in $EOS_HOME/data).'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional()
    .describe('Use this PostgreSQL instead of the embedded store.'),
  EOS_USER: z.string().min(1).optional().describe('Who the CLI acts as in the audit trail (default: the OS login name).'),
  EOS_TOKEN: z
    .string()
    .min(1)
    .optional()
    .describe("An API token (eos token create): the CLI acts as the token's user, with proof of who that is, so it may sign (eos record sign)."),
  EOS_LOCK_WAIT_MS: z.coerce.number().int().min(0).default(10_000).describe('How long a command waits for another eos process to release the embedded store.'),
  EOS_PROGRESS_AFTER_MS: z.coerce.number().int().min(0).default(1000).describe('Show a progress bar (on a terminal) for work that runs longer than this.'),
  EOS_ALERTS: z.enum(['on', 'off']).default('on').describe('`off` stops `eos serve` from running alert passes on its schedule.'),
  EOS_ALERTS_CRON: z.string().min(1).default('*/5 * * * *').describe('When `eos serve` runs an alert pass (cron syntax, UTC; default every 5 minutes).'),
  EOS_RITUALS_CRON: z
    .string()
    .min(1)
    .default('*/5 * * * *')
    .describe('How often `eos serve` looks for rituals due and creates their records (cron, UTC; default every 5 minutes; `off` for never).'),
  EOS_ALERTS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000).describe('How long a webhook or SMTP server may take to answer a notification.'),
  EOS_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'must be true, false, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs')
    .default('false')
    .describe(
      'Behind a reverse proxy or load balancer: trust its X-Forwarded-For so login limits count the client, not the proxy. `true` trusts any, a number that many hops, or list the proxies (e.g. 10.0.0.0/8). Leave `false` when clients connect directly, or they could pick their address.',
    ),
  EOS_AUDIT_KEY: z
    .string()
    .min(1)
    .optional()
    .describe('The Ed25519 private key (PEM) that signs audit entries, e.g. a mounted secret (default: one per workspace under $EOS_HOME/trust/).'),
  EOS_AUDIT_WITNESS: z.string().min(1).optional().describe('The append-only file that witnesses every audit head (default: one per workspace under $EOS_HOME/trust/).'),
  EOS_AUDIT_WITNESS_URL: z
    .url({ message: 'must be a URL, e.g. https://witness.example.com/eos' })
    .optional()
    .describe('Also POST every committed audit head as JSON to this endpoint, retried; a head not delivered is logged as an error.'),
  EOS_AUDIT_VERIFY_CRON: z.string().min(1).default('17 * * * *').describe('When `eos serve` verifies the audit trail (cron syntax, UTC; default hourly; `off` never).'),
  EOS_PUBLIC_URL: z
    .url({ message: 'must be a URL, e.g. https://eos.example.com' })
    .optional()
    .describe('The address people reach the web app at: links in notifications start with it.'),
});

export interface Config {
  readonly home: string;
  readonly databaseUrl: string | undefined;
  readonly actor: string;
  /** EOS_TOKEN: act as this API token's user, with proof (ADR 044). */
  readonly token: string | undefined;
  readonly lockWaitMs: number;
  readonly progressAfterMs: number;
  /** Fastify's trustProxy (docs/api.md): false, true, a hop count, or proxy addresses. */
  readonly trustProxy: boolean | number | string[];
  /** How often `eos serve` runs a ritual pass, or undefined for never. */
  readonly ritualsCron: string | undefined;
  readonly alerts: { readonly enabled: boolean; readonly cron: string; readonly timeoutMs: number; readonly publicUrl: string | undefined };
  readonly audit: { readonly keyFile: string | undefined; readonly witnessFile: string | undefined; readonly verifyCron: string; readonly witnessUrl?: string | undefined };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * EOS_TRUST_PROXY as Fastify takes it.
 * @example trustProxyOf('10.0.0.0/8,127.0.0.1') // ['10.0.0.0/8', '127.0.0.1']
 */
export function trustProxyOf(value: string): boolean | number | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw invalidInput(`Configuration is invalid: ${problems.join('; ')}`, { problems });
  }
  const c = parsed.data;
  return {
    home: resolve(c.EOS_HOME),
    databaseUrl: c.DATABASE_URL,
    actor: c.EOS_USER ?? osUser(),
    token: c.EOS_TOKEN,
    lockWaitMs: c.EOS_LOCK_WAIT_MS,
    progressAfterMs: c.EOS_PROGRESS_AFTER_MS,
    trustProxy: trustProxyOf(c.EOS_TRUST_PROXY),
    ritualsCron: c.EOS_RITUALS_CRON === 'off' ? undefined : c.EOS_RITUALS_CRON,
    alerts: { enabled: c.EOS_ALERTS === 'on', cron: c.EOS_ALERTS_CRON, timeoutMs: c.EOS_ALERTS_TIMEOUT_MS, publicUrl: c.EOS_PUBLIC_URL },
    audit: {
      keyFile: c.EOS_AUDIT_KEY ? resolve(c.EOS_AUDIT_KEY) : undefined,
      witnessFile: c.EOS_AUDIT_WITNESS ? resolve(c.EOS_AUDIT_WITNESS) : undefined,
      verifyCron: c.EOS_AUDIT_VERIFY_CRON,
      witnessUrl: c.EOS_AUDIT_WITNESS_URL,
    },
  };
}

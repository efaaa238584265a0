import type { AlertChannel, AlertSender } from '../../core/alerts/alert-channel.ts';
import type { AttemptResult, NotificationRow } from '../../store/alert-notification-rows.ts';

/** A notification gets this many attempts; after the last failure it is dead (kept in the log). */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/**
 * When a notification that failed its `attempt`-th try is due again: 1 minute, then doubling
 * to at most an hour; null after the last attempt.
 *
 * @example retryAt(new Date('2026-06-01T12:00:00Z'), 2) // '2026-06-01T12:02:00.000Z'
 */
export function retryAt(now: Date, attempt: number): string | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  return new Date(now.getTime() + Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), LONGEST_RETRY_MS)).toISOString();
}

export interface SettleOptions {
  readonly notification: NotificationRow;
  /** The workspace's channel of that name, if it has one. */
  readonly channel: AlertChannel | undefined;
  readonly send: AlertSender;
  readonly clock: () => Date;
}

/**
 * Sends one claimed notification and says how it went. A channel the workspace doesn't have is
 * skipped (a pack's rule may name channels a workspace never set up), and never retried.
 */
export async function settleDelivery(options: SettleOptions): Promise<AttemptResult> {
  const n = options.notification;
  if (!options.channel) {
    return {
      notification: n,
      status: 'skipped',
      retryAt: null,
      statusCode: null,
      response: null,
      error: `this workspace has no channel '${n.channel}': add it with eos alerts channel add ${n.channel} --webhook <url> (or --email …)`,
      at: options.clock().toISOString(),
    };
  }
  let outcome: Awaited<ReturnType<AlertSender>>;
  try {
    outcome = await options.send(options.channel, n.payload);
  } catch (error) {
    outcome = { ok: false, statusCode: null, response: null, error: error instanceof Error ? error.message : String(error) };
  }
  const at = options.clock();
  return {
    notification: n,
    status: outcome.ok ? 'sent' : 'failed',
    retryAt: outcome.ok ? null : retryAt(at, n.attempts),
    statusCode: outcome.statusCode,
    response: outcome.response,
    error: outcome.error,
    at: at.toISOString(),
  };
}

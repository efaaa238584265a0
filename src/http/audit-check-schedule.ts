import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import { runAuditCheck } from '../app/audit-check.ts';
import type { Session } from '../app/session.ts';
import type { AlertSender } from '../core/alerts/alert-channel.ts';
import { invalidInput } from '../core/errors.ts';

export interface AuditCheckScheduleOptions {
  /** Cron pattern, UTC. */
  readonly cron: string;
  readonly send: AlertSender;
  readonly session: () => Promise<Session>;
  readonly log: FastifyBaseLogger;
}

/**
 * Verifies the audit trail on a cron schedule inside `eos serve` (as the alert passes run): each
 * run is logged, a failure is logged as an error and sent to the alert channels once per reason.
 * Never overlaps itself; stopping waits for a run under way.
 *
 * @example const schedule = startAuditCheckSchedule({ cron: '17 * * * *', send, session, log: app.log })
 */
export function startAuditCheckSchedule(options: AuditCheckScheduleOptions): { next(): Date | null; stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let lastReason: string | undefined;
  const run = async (): Promise<void> => {
    const started = Date.now();
    try {
      const { result, notified } = await runAuditCheck(await options.session(), { send: options.send, lastReason });
      if (result.ok) {
        lastReason = undefined;
        options.log.info({ audit: { ok: true, entries: result.entries, witnessed: result.witnessed }, ms: Date.now() - started }, 'audit trail verified');
      } else {
        lastReason = result.reason;
        options.log.error(
          { audit: { ok: false, check: result.check, firstBad: result.firstBad, record: result.record, reason: result.reason, notified }, ms: Date.now() - started },
          'audit trail verification failed',
        );
      }
    } catch (error) {
      options.log.error({ err: error, ms: Date.now() - started }, 'audit trail verification could not run');
    }
  };
  let job: Cron;
  try {
    job = new Cron(options.cron, { timezone: 'UTC', protect: () => options.log.warn('audit verification skipped: the previous one is still running') }, () => {
      running = run().finally(() => {
        running = null;
      });
      return running;
    });
  } catch (error) {
    throw invalidInput(`EOS_AUDIT_VERIFY_CRON '${options.cron}' is not a cron pattern: ${error instanceof Error ? error.message : String(error)} (e.g. '17 * * * *')`, {
      cron: options.cron,
    });
  }
  return {
    next: () => job.nextRun(),
    async stop() {
      job.stop();
      await running;
    },
  };
}

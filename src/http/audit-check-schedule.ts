import type { FastifyBaseLogger } from 'fastify';
import { runAuditCheck } from '../app/audit-check.ts';
import type { Session } from '../app/session.ts';
import type { AlertSender } from '../core/alerts/alert-channel.ts';
import { type CronJob, startCronJob } from './cron-job.ts';

export interface AuditCheckScheduleOptions {
  /** Cron pattern, UTC. */
  readonly cron: string;
  readonly send: AlertSender;
  readonly session: () => Promise<Session>;
  readonly log: FastifyBaseLogger;
  /** Decides which server runs a tick (claimTick), when several share the database. */
  readonly claim?: ((tick: Date) => Promise<boolean>) | undefined;
}

/**
 * Verifies the audit trail on a cron schedule inside `eos serve` (as the alert passes run): each
 * run is logged, a failure is logged as an error and sent to the alert channels once per reason.
 * Never overlaps itself; stopping waits for a run under way.
 *
 * @example const schedule = startAuditCheckSchedule({ cron: '17 * * * *', send, session, log: app.log })
 */
export function startAuditCheckSchedule(options: AuditCheckScheduleOptions): CronJob {
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
  return startCronJob({ cron: options.cron, setting: 'EOS_AUDIT_VERIFY_CRON', example: '17 * * * *', what: 'audit verification', log: options.log, run, claim: options.claim });
}

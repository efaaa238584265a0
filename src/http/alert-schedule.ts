import type { FastifyBaseLogger } from 'fastify';
import { type AlertPassReport, runAlertPass } from '../app/alerts/run-alert-pass.ts';
import type { Session } from '../app/session.ts';
import type { AlertSender } from '../core/alerts/alert-channel.ts';
import { type CronJob, startCronJob } from './cron-job.ts';

export interface AlertScheduleOptions {
  /** Cron pattern, UTC (`*\/5 * * * *`; six fields for seconds). */
  readonly cron: string;
  readonly send: AlertSender;
  readonly baseUrl?: string | undefined;
  /** The session a pass runs as (an admin: it writes alert state and sends). */
  readonly session: () => Promise<Session>;
  readonly log: FastifyBaseLogger;
  /** Decides which server runs a tick (claimTick), when several share the database. */
  readonly claim?: ((tick: Date) => Promise<boolean>) | undefined;
  /** Told the time of each pass that ran to the end (what GET /alerts says as checkedAt). */
  readonly onPass?: ((at: string) => void) | undefined;
}

/** When the next pass is due; stopping waits for a pass under way. */
export type AlertSchedule = CronJob;

/**
 * Runs an alert pass at start-up and then on a cron schedule. A pass never overlaps the previous one (croner's
 * `protect`: a tick while one runs is skipped and logged); each pass is logged with what it
 * notified. Stopping waits for the pass under way, so the store can close after it.
 *
 * @example const schedule = startAlertSchedule({ cron: '*\/5 * * * *', send, session, log: app.log })
 */
export function startAlertSchedule(options: AlertScheduleOptions): AlertSchedule {
  const pass = async (): Promise<void> => {
    const started = Date.now();
    try {
      const report: AlertPassReport = await runAlertPass(await options.session(), { send: options.send, baseUrl: options.baseUrl });
      options.onPass?.(report.at);
      const failed = report.deliveries.filter((d) => d.status === 'failed').length;
      options.log[failed > 0 || report.errors.length > 0 ? 'warn' : 'info'](
        {
          alerts: {
            firing: report.firing,
            events: report.events.map((e) => `${e.event} ${e.rule} ${e.subject}`.trim()),
            sent: report.deliveries.filter((d) => d.status === 'sent').length,
            failed,
            skipped: report.deliveries.filter((d) => d.status === 'skipped').length,
            errors: report.errors,
          },
          ms: Date.now() - started,
        },
        'alert pass',
      );
    } catch (error) {
      options.log.error({ err: error, ms: Date.now() - started }, 'alert pass failed');
    }
  };
  // One pass at start-up: until a pass has run, no one can say that nothing is firing.
  return startCronJob({
    cron: options.cron,
    setting: 'EOS_ALERTS_CRON',
    example: '*/5 * * * *',
    what: 'alert pass',
    log: options.log,
    run: pass,
    claim: options.claim,
    runAtStart: true,
  });
}

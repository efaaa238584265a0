import type { FastifyBaseLogger } from 'fastify';
import { runRitualPass } from '../app/rituals/run-ritual.ts';
import type { Session } from '../app/session.ts';
import { type CronJob, startCronJob } from './cron-job.ts';

export interface RitualScheduleOptions {
  /** Cron pattern, UTC: how often a pass looks for rituals due (each ritual's own time is in the pack). */
  readonly cron: string;
  /** The session a pass runs as (it creates records). */
  readonly session: () => Promise<Session>;
  readonly log: FastifyBaseLogger;
}

/**
 * Runs a ritual pass on a cron schedule, as the alert pass runs: each pass creates the records of
 * the rituals due and not yet created (run-ritual.ts), never overlapping the previous pass, and
 * logs what it created and what failed (a refused gate, say). Several serve processes may run
 * passes: each occurrence's record is created once (its unique source reference).
 *
 * @example const schedule = startRitualSchedule({ cron: '*\/5 * * * *', session, log: app.log })
 */
export function startRitualSchedule(options: RitualScheduleOptions): CronJob {
  const pass = async (): Promise<void> => {
    const started = Date.now();
    try {
      const report = await runRitualPass(await options.session());
      const created = report.runs.filter((r) => r.created).map((r) => `${r.ritual} ${r.occurrence} ${r.record}`);
      if (created.length > 0 || report.errors.length > 0) {
        options.log[report.errors.length > 0 ? 'warn' : 'info']({ rituals: { created, errors: report.errors }, ms: Date.now() - started }, 'ritual pass');
      }
    } catch (error) {
      options.log.error({ err: error, ms: Date.now() - started }, 'ritual pass failed');
    }
  };
  return startCronJob({ cron: options.cron, setting: 'EOS_RITUALS_CRON', example: '*/5 * * * *', what: 'ritual pass', log: options.log, run: pass });
}

import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import { invalidInput } from '../core/errors.ts';

export interface CronJob {
  /** When the next run is due, or null when stopped. */
  next(): Date | null;
  /** Stops the schedule and waits for a run under way to finish. */
  stop(): Promise<void>;
}

export interface CronJobOptions {
  /** Cron pattern, UTC. */
  readonly cron: string;
  /** The setting the pattern came from and an example of one, for the refusal of a bad pattern. */
  readonly setting: string;
  readonly example: string;
  /** What a run is, for the log line of a skipped tick ("alert pass"). */
  readonly what: string;
  readonly log: FastifyBaseLogger;
  readonly run: () => Promise<void>;
  /** Run once right away too, not only at the first tick (an alert pass at start-up). */
  readonly runAtStart?: boolean | undefined;
  /**
   * Asked before each run with the cron occurrence it stands for; a run happens only when it
   * answers true. Several servers on one database pass claimTick here, so one of them runs each tick.
   */
  readonly claim?: ((tick: Date) => Promise<boolean>) | undefined;
}

/** The cron occurrence a run stands for (croner fires at or just after it): the same on every server. */
function tickOf(job: Cron): Date {
  return job.previousRuns(1, new Date(Date.now() + 1))[0] ?? new Date();
}

async function claimThenRun(options: CronJobOptions, tick: Date): Promise<void> {
  if (options.claim) {
    let mine: boolean;
    try {
      mine = await options.claim(tick);
    } catch (error) {
      options.log.error({ err: error, tick: tick.toISOString() }, `${options.what} skipped: could not claim its tick`);
      return;
    }
    if (!mine) {
      options.log.info({ tick: tick.toISOString() }, `${options.what} skipped: another server runs this tick`);
      return;
    }
  }
  await options.run();
}

/**
 * Runs a job inside `eos serve` on a cron schedule (UTC). A run never overlaps the previous one
 * (croner's `protect`: a tick while one runs is skipped and logged), and stopping waits for the run
 * under way, so the store can close after it. A bad pattern is refused naming its setting.
 *
 * @example startCronJob({ cron: '*\/5 * * * *', setting: 'EOS_ALERTS_CRON', example: '*\/5 * * * *', what: 'alert pass', log, run })
 */
export function startCronJob(options: CronJobOptions): CronJob {
  let running: Promise<void> | null = null;
  const skipped = () => options.log.warn(`${options.what} skipped: the previous one is still running`);
  // One run at a time, whether a cron tick or the start-up run started it (croner's protect knows only its own).
  const runTick = (tick: Date): Promise<void> => {
    if (running) {
      skipped();
      return running;
    }
    running = claimThenRun(options, tick).finally(() => {
      running = null;
    });
    return running;
  };
  let job: Cron;
  try {
    job = new Cron(options.cron, { timezone: 'UTC', protect: skipped }, () => runTick(tickOf(job)));
  } catch (error) {
    throw invalidInput(`${options.setting} '${options.cron}' is not a cron pattern: ${error instanceof Error ? error.message : String(error)} (e.g. '${options.example}')`, {
      cron: options.cron,
    });
  }
  // The start-up run stands for the instant the server started, a tick of its own: each server makes
  // its first check at once (a restart just after a tick another process ran is not skipped), and
  // every pass still has exactly one claimed tick.
  if (options.runAtStart) void runTick(new Date());
  return {
    next: () => job.nextRun(),
    async stop() {
      job.stop();
      await running;
    },
  };
}

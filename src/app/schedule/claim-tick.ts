import { hostname } from 'node:os';
import { claimTickRow } from '../../store/schedule-tick-rows.ts';
import type { Store } from '../../store/store.ts';

export interface TickScope {
  readonly store: Store;
  readonly workspaceId: string;
  readonly clock?: () => Date;
}

/**
 * Whether this process runs the tick `tick` of a scheduled job: every `eos serve` on one database
 * asks, and exactly one is told yes (a row keyed by workspace, job and tick), so N servers run one
 * alert pass per tick, not N (issue 13, docs/deploy.md).
 *
 * @example if (await claimTick(scope, 'alert-pass', tick)) await runAlertPass(session, options)
 */
export async function claimTick(scope: TickScope, job: string, tick: Date): Promise<boolean> {
  const now = scope.clock?.() ?? new Date();
  return claimTickRow(scope.store.db, scope.workspaceId, job, tick, `${hostname()}:${process.pid}`, now);
}

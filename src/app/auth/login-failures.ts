import { randomUUID } from 'node:crypto';
import { type LoginThrottle, loginRetryAfterMs } from '../../core/auth/login-throttle.ts';
import { EosError } from '../../core/errors.ts';
import { deleteLoginAttempt, deleteLoginFailures, deleteLoginFailuresBefore, insertLoginFailures, lockLoginThrottle, recentLoginFailures } from '../../store/login-failure-rows.ts';
import type { Db } from '../../store/store.ts';
import type { AuthScope } from './auth-scope.ts';

/**
 * Failed logins, counted in the `login_failures` table so that every server process on the
 * database counts the same ones (ADR 010). Each attempt counts against two keys: its username
 * and its address.
 */
export interface LoginKeys {
  /** `user:<name, lower case>`: cleared when that user logs in. */
  readonly user: string;
  /** `ip:<address>`: never cleared by a success, so one valid account can't reset an attacker's budget. */
  readonly ip: string;
}

export function loginKeys(username: string, ip: string): LoginKeys {
  return { user: `user:${username.toLowerCase()}`, ip: `ip:${ip}` };
}

function minutes(ms: number): string {
  const m = Math.ceil(ms / 60_000);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/**
 * Starts a password check (ADR 053): under the throttle's own database lock, refuses with
 * `rate_limited` (details.retryAfterSeconds) while the username or the address has used up its
 * failures, else counts this attempt as a failure of both keys *before* the password is checked
 * and returns its id. A burst of parallel attempts, from any number of server processes, so
 * gets at most `maxFailures` password checks. `settleLoginAttempt` forgets it on success.
 */
export async function claimLoginAttempt(scope: AuthScope, throttle: LoginThrottle, keys: LoginKeys, who: { username: string; ip: string }, now: Date): Promise<string> {
  const since = new Date(now.getTime() - throttle.windowMs).toISOString();
  const attempt = randomUUID();
  await scope.store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockLoginThrottle(db, scope.workspaceId);
    await deleteLoginFailuresBefore(db, scope.workspaceId, since);
    const failures = await recentLoginFailures(db, scope.workspaceId, [keys.user, keys.ip], since);
    const wait = loginRetryAfterMs(throttle, [...failures.values()], now.getTime());
    if (wait > 0) {
      throw new EosError('rate_limited', `Too many failed logins for ${who.username} or from ${who.ip}; try again in ${minutes(wait)}`, {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
    await insertLoginFailures(db, scope.workspaceId, [keys.user, keys.ip], now.toISOString(), attempt);
  });
  return attempt;
}

/**
 * Ends a password check: a wrong password leaves the attempt counted as a failure; a right one
 * forgets it and clears its username's failures (not its address's).
 */
export async function settleLoginAttempt(scope: AuthScope, keys: LoginKeys, attempt: string, succeeded: boolean): Promise<void> {
  if (!succeeded) return;
  await scope.store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await deleteLoginAttempt(db, scope.workspaceId, attempt);
    await deleteLoginFailures(db, scope.workspaceId, keys.user);
  });
}

import { type LoginThrottle, loginRetryAfterMs } from '../../core/auth/login-throttle.ts';
import { EosError } from '../../core/errors.ts';
import { deleteLoginFailures, deleteLoginFailuresBefore, insertLoginFailures, recentLoginFailures } from '../../store/login-failure-rows.ts';
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

/** Refuses with `rate_limited` (details.retryAfterSeconds) while the username or the address has used up its failures. */
export async function assertLoginAllowed(scope: AuthScope, throttle: LoginThrottle, keys: LoginKeys, who: { username: string; ip: string }, now: Date): Promise<void> {
  const since = new Date(now.getTime() - throttle.windowMs).toISOString();
  const failures = await recentLoginFailures(scope.store.db, scope.workspaceId, [keys.user, keys.ip], since);
  const wait = loginRetryAfterMs(throttle, [...failures.values()], now.getTime());
  if (wait > 0) {
    throw new EosError('rate_limited', `Too many failed logins for ${who.username} or from ${who.ip}; try again in ${minutes(wait)}`, {
      retryAfterSeconds: Math.ceil(wait / 1000),
    });
  }
}

/** Counts one failure against both keys, and forgets the workspace's failures that have left the window. */
export async function recordLoginFailure(scope: AuthScope, throttle: LoginThrottle, keys: LoginKeys, now: Date): Promise<void> {
  await deleteLoginFailuresBefore(scope.store.db, scope.workspaceId, new Date(now.getTime() - throttle.windowMs).toISOString());
  await insertLoginFailures(scope.store.db, scope.workspaceId, [keys.user, keys.ip], now.toISOString());
}

/** A successful login clears its username's failures (not its address's). */
export async function clearLoginFailures(scope: AuthScope, keys: LoginKeys): Promise<void> {
  await deleteLoginFailures(scope.store.db, scope.workspaceId, keys.user);
}

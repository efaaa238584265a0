import type { AlertNotification } from '../alerts/alert-notification.ts';

/** What a failed verification says: where the trail is broken and why. */
export interface AuditFailure {
  readonly check: string;
  readonly entries: number;
  readonly firstBad?: number | undefined;
  readonly record?: string | undefined;
  readonly reason: string;
}

/**
 * The notification every alert channel gets when a scheduled verification of the audit trail fails.
 *
 * @example auditFailureNotification(failure, { workspace: 'default', at: now }).message // 'The audit trail of default failed verification (witness): …'
 */
export function auditFailureNotification(failure: AuditFailure, options: { workspace: string; at: Date }): AlertNotification {
  const where = failure.record ? `record ${failure.record}` : `entry ${failure.firstBad}`;
  return {
    event: 'firing',
    workspace: options.workspace,
    rule: { id: 'audit-verify', name: 'Audit trail verification', kind: 'audit', severity: 'critical' },
    subject: { id: 'audit', label: `audit trail, ${where}`, link: null },
    level: 1,
    message: `The audit trail of ${options.workspace} failed verification (${failure.check}): ${failure.reason}`,
    since: options.at.toISOString(),
    resolvedAt: null,
    at: options.at.toISOString(),
    details: {
      check: failure.check,
      entries: failure.entries,
      ...(failure.firstBad !== undefined ? { firstBad: failure.firstBad } : {}),
      ...(failure.record ? { record: failure.record } : {}),
    },
  };
}

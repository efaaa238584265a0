import type { AlertSender } from '../core/alerts/alert-channel.ts';
import { auditFailureNotification } from '../core/audit/audit-failure-notification.ts';
import { listChannelRows } from '../store/alert-channel-rows.ts';
import type { Session } from './session.ts';
import { type AuditVerification, verifyAudit } from './verify-audit.ts';

export interface AuditCheckReport {
  readonly result: AuditVerification;
  /** The channels told of a failure, and how each delivery went. */
  readonly notified: readonly { readonly channel: string; readonly ok: boolean; readonly error: string | null }[];
}

/**
 * Verifies the trail and, when it fails for a reason not already reported (`lastReason`), tells
 * every alert channel of the workspace, through the alerts' sender. A failure is not a state an
 * alert rule can resolve, so it goes straight to the channels rather than through the outbox.
 *
 * @example await runAuditCheck(session, { send }) // { result: { ok: false, check: 'witness', … }, notified: [{ channel: 'ops', ok: true, error: null }] }
 */
export async function runAuditCheck(session: Session, options: { send: AlertSender; lastReason?: string | undefined }): Promise<AuditCheckReport> {
  const result = await verifyAudit(session);
  if (result.ok || result.reason === options.lastReason) return { result, notified: [] };
  const notification = auditFailureNotification(result, { workspace: session.workspaceId, at: session.clock() });
  const notified = [];
  for (const channel of await listChannelRows(session.store.db, session.workspaceId)) {
    const outcome = await options.send(channel, notification);
    notified.push({ channel: channel.name, ok: outcome.ok, error: outcome.error });
  }
  return { result, notified };
}

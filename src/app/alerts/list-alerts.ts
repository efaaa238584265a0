import type { StoredAlertInstance } from '../../core/alerts/diff-alerts.ts';
import type { AlertRule } from '../../core/pack/alert-rule-schema.ts';
import { listInstanceRows } from '../../store/alert-instance-rows.ts';
import { type DeliveryRow, lastSentRows, listDeliveryRows } from '../../store/alert-notification-rows.ts';
import { loadAlertRules } from '../../store/alert-rule-rows.ts';
import type { Session } from '../session.ts';

export interface AlertView extends StoredAlertInstance {
  readonly rule: { readonly id: string; readonly name: string; readonly kind: string; readonly severity: string } | null;
}

/**
 * The alert instances as the last pass left them: firing ones, or all with `all` (resolved too),
 * newest change first, each with its rule. `lastNotifiedAt` is when a notification of this
 * firing was last actually sent to a channel (null when none was: no channel, or all failed);
 * the pass's own due time stays in the store, where it paces repeats.
 *
 * @example await listAlerts(session) // [{ rule: { id: 'blocked-work', … }, subject: 'WI-0003', level: 2, state: 'firing', … }]
 */
export async function listAlerts(session: Session, options: { all?: boolean } = {}): Promise<AlertView[]> {
  const rules = new Map((await loadAlertRules(session.store.db, session.workspaceId)).map((r) => [r.id, r]));
  const instances = await listInstanceRows(session.store.db, session.workspaceId, options);
  const sent = await lastSentRows(session.store.db, session.workspaceId);
  return instances.map((i) => {
    const at = sent.get(`${i.ruleId}\u0000${i.subject}`);
    // A notification sent for an earlier firing of the same rule and subject is not this one's.
    const lastNotifiedAt = at && Date.parse(at) >= Date.parse(i.since) ? at : null;
    return { ...i, lastNotifiedAt, rule: ruleView(rules.get(i.ruleId)) };
  });
}

function ruleView(rule: AlertRule | undefined): AlertView['rule'] {
  return rule ? { id: rule.id, name: rule.name, kind: rule.kind, severity: rule.severity } : null;
}

/** The pack's alert rules as the workspace loaded them. */
export async function listAlertRules(session: Session): Promise<AlertRule[]> {
  return loadAlertRules(session.store.db, session.workspaceId);
}

/** The delivery log, newest first. */
export async function listAlertDeliveries(session: Session, limit = 50): Promise<DeliveryRow[]> {
  return listDeliveryRows(session.store.db, session.workspaceId, limit);
}

import type { StoredAlertInstance } from '../../core/alerts/diff-alerts.ts';
import type { AlertRule } from '../../core/pack/alert-rule-schema.ts';
import { listInstanceRows } from '../../store/alert-instance-rows.ts';
import { type DeliveryRow, listDeliveryRows } from '../../store/alert-notification-rows.ts';
import { loadAlertRules } from '../../store/alert-rule-rows.ts';
import type { Session } from '../session.ts';

export interface AlertView extends StoredAlertInstance {
  readonly rule: { readonly id: string; readonly name: string; readonly kind: string; readonly severity: string } | null;
}

/**
 * The alert instances as the last pass left them: firing ones, or all with `all` (resolved too),
 * newest change first, each with its rule.
 *
 * @example await listAlerts(session) // [{ rule: { id: 'blocked-work', … }, subject: 'WI-0003', level: 2, state: 'firing', … }]
 */
export async function listAlerts(session: Session, options: { all?: boolean } = {}): Promise<AlertView[]> {
  const rules = new Map((await loadAlertRules(session.store.db, session.workspaceId)).map((r) => [r.id, r]));
  const instances = await listInstanceRows(session.store.db, session.workspaceId, options);
  return instances.map((i) => ({ ...i, rule: ruleView(rules.get(i.ruleId)) }));
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

import type { AlertSeverity, AlertView } from '../api/types.ts';

export const SEVERITIES: readonly AlertSeverity[] = ['critical', 'warning', 'info'];

const severityOf = (alert: AlertView): AlertSeverity => alert.rule?.severity ?? 'info';

/**
 * Alerts worst first: by severity (critical first), then the higher escalation level, then the longest firing.
 *
 * @example sortAlerts([warningAlert, criticalAlert]) // [criticalAlert, warningAlert]
 */
export function sortAlerts(alerts: readonly AlertView[]): AlertView[] {
  const rank = (a: AlertView) => SEVERITIES.indexOf(severityOf(a));
  return [...alerts].sort((a, b) => rank(a) - rank(b) || b.level - a.level || a.since.localeCompare(b.since));
}

/** The alerts by severity, critical first, leaving out severities with none. */
export function groupBySeverity(alerts: readonly AlertView[]): { severity: AlertSeverity; alerts: AlertView[] }[] {
  const sorted = sortAlerts(alerts);
  return SEVERITIES.map((severity) => ({ severity, alerts: sorted.filter((a) => severityOf(a) === severity) })).filter((g) => g.alerts.length > 0);
}

// Seed 001's ladder, as the escalation rules climb it: who each level reaches.
const LADDER: Record<number, string> = { 1: 'blocking party tagged', 2: 'team leads', 3: 'VP Eng' };

/**
 * An alert's level in words: the escalation ladder's step for an escalation rule, the number for any
 * other level above 1, and null for the plain level 1 of every other rule (nothing to say).
 *
 * @example levelLabel({ level: 2, rule: { kind: 'escalation', … } }) // 'level 2: team leads'
 */
export function levelLabel(alert: Pick<AlertView, 'level' | 'rule'>): string | null {
  const step = alert.rule?.kind === 'escalation' ? LADDER[alert.level] : undefined;
  if (step) return `level ${alert.level}: ${step}`;
  return alert.level > 1 ? `level ${alert.level}` : null;
}

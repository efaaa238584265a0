/**
 * What a person is notified of (ADR 072): a mention, a comment on a record they watch, being
 * named in a person field, a refused move of their record, a signature asked of their role, a
 * review-SLA breach or a blocked-work escalation naming them, and any other alert naming them.
 */
export const NOTIFICATION_KINDS = ['mention', 'comment', 'assignment', 'move_refused', 'signature_requested', 'review_sla', 'blocked', 'alert'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The kinds e-mailed to someone who has not chosen: all but comments on watched records, which come often. */
export const DEFAULT_EMAIL_KINDS: readonly NotificationKind[] = NOTIFICATION_KINDS.filter((k) => k !== 'comment');

/** The kinds a person has e-mailed: their choice, or the defaults. */
export function emailKindsOf(stored: readonly string[] | null): readonly string[] {
  return stored ?? DEFAULT_EMAIL_KINDS;
}

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

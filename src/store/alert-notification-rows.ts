import { and, desc, eq, sql } from 'drizzle-orm';
import type { AlertNotification } from '../core/alerts/alert-notification.ts';
import { alertDeliveries, alertNotifications } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'dead';

export interface NotificationRow {
  readonly id: string;
  readonly ruleId: string;
  readonly subject: string;
  readonly event: string;
  readonly channel: string;
  readonly payload: AlertNotification;
  readonly status: NotificationStatus;
  readonly attempts: number;
  readonly createdAt: string;
  readonly nextAttemptAt: string | null;
}

export interface DeliveryRow {
  readonly notificationId: string;
  readonly attempt: number;
  readonly channel: string;
  readonly status: 'sent' | 'failed' | 'skipped';
  readonly statusCode: number | null;
  readonly response: string | null;
  readonly error: string | null;
  readonly at: string;
  readonly event: string;
  readonly ruleId: string;
  readonly subject: string;
}

const isoOrNull = (v: string | null) => (v === null ? null : iso(v));

function toRow(r: typeof alertNotifications.$inferSelect): NotificationRow {
  return {
    id: r.id,
    ruleId: r.ruleId,
    subject: r.subject,
    event: r.event,
    channel: r.channel,
    payload: r.payload as unknown as AlertNotification,
    status: r.status as NotificationStatus,
    attempts: r.attempts,
    createdAt: iso(r.createdAt),
    nextAttemptAt: isoOrNull(r.nextAttemptAt),
  };
}

/** Puts notifications in the outbox, due at once. */
export async function insertNotificationRows(db: Db, workspaceId: string, rows: readonly Omit<NotificationRow, 'status' | 'attempts'>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(alertNotifications).values(
    rows.map((r) => ({
      workspaceId,
      ...r,
      payload: r.payload as unknown as Record<string, unknown>,
      status: 'pending',
      attempts: 0,
    })),
  );
}

const due = (workspaceId: string, now: string) =>
  sql`${alertNotifications.workspaceId} = ${workspaceId} and (
        (${alertNotifications.status} in ('pending', 'failed') and ${alertNotifications.nextAttemptAt} <= ${now}::timestamptz)
        or (${alertNotifications.status} = 'sending' and ${alertNotifications.claimedUntil} < ${now}::timestamptz))`;

/** Whether any notification is due: new, failed and due for a retry, or claimed by a pass that never finished. */
export async function anyDueNotification(db: Db, workspaceId: string, now: Date): Promise<boolean> {
  const rows = await db.select({ id: alertNotifications.id }).from(alertNotifications).where(due(workspaceId, now.toISOString())).limit(1);
  return rows.length > 0;
}

/**
 * Claims every due notification for this pass (status `sending` until `claimedUntil`, one more
 * attempt), in the caller's transaction: a pass that holds the claim is the only one to send it.
 */
export async function claimDueNotifications(db: Db, workspaceId: string, now: Date, claimMs: number): Promise<NotificationRow[]> {
  const until = new Date(now.getTime() + claimMs).toISOString();
  const rows = await db
    .update(alertNotifications)
    .set({ status: 'sending', claimedUntil: until, attempts: sql`${alertNotifications.attempts} + 1` })
    .where(due(workspaceId, now.toISOString()))
    .returning();
  return rows.map(toRow).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export interface AttemptResult {
  readonly notification: NotificationRow;
  readonly status: 'sent' | 'failed' | 'skipped';
  /** After a failure: when to try again, or null when the notification has had its last try. */
  readonly retryAt: string | null;
  readonly statusCode: number | null;
  readonly response: string | null;
  readonly error: string | null;
  readonly at: string;
}

/** Logs one attempt and settles the notification: sent, skipped, failed (due again at retryAt) or dead. */
export async function recordAttempt(db: Db, workspaceId: string, result: AttemptResult): Promise<void> {
  const n = result.notification;
  await db.insert(alertDeliveries).values({
    workspaceId,
    notificationId: n.id,
    attempt: n.attempts,
    channel: n.channel,
    status: result.status,
    statusCode: result.statusCode,
    response: result.response,
    error: result.error,
    at: result.at,
  });
  const status: NotificationStatus = result.status === 'failed' && result.retryAt === null ? 'dead' : result.status;
  await db
    .update(alertNotifications)
    .set({
      status,
      attempts: n.attempts,
      claimedUntil: null,
      nextAttemptAt: result.status === 'failed' ? result.retryAt : null,
      sentAt: result.status === 'sent' ? result.at : null,
    })
    .where(and(eq(alertNotifications.workspaceId, workspaceId), eq(alertNotifications.id, n.id)));
}

/** The delivery log, newest first, with what each attempt was about. */
export async function listDeliveryRows(db: Db, workspaceId: string, limit = 100): Promise<DeliveryRow[]> {
  const rows = await db
    .select({
      notificationId: alertDeliveries.notificationId,
      attempt: alertDeliveries.attempt,
      channel: alertDeliveries.channel,
      status: alertDeliveries.status,
      statusCode: alertDeliveries.statusCode,
      response: alertDeliveries.response,
      error: alertDeliveries.error,
      at: alertDeliveries.at,
      event: alertNotifications.event,
      ruleId: alertNotifications.ruleId,
      subject: alertNotifications.subject,
    })
    .from(alertDeliveries)
    .innerJoin(alertNotifications, and(eq(alertNotifications.workspaceId, alertDeliveries.workspaceId), eq(alertNotifications.id, alertDeliveries.notificationId)))
    .where(eq(alertDeliveries.workspaceId, workspaceId))
    .orderBy(desc(alertDeliveries.at), desc(alertDeliveries.attempt))
    .limit(limit);
  return rows.map((r) => ({ ...r, status: r.status as DeliveryRow['status'], at: iso(r.at) }));
}

/** When each (rule, subject) last had a notification actually sent to a channel: `rule\0subject` → ISO time. */
export async function lastSentRows(db: Db, workspaceId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ ruleId: alertNotifications.ruleId, subject: alertNotifications.subject, sentAt: sql<string>`max(${alertNotifications.sentAt})` })
    .from(alertNotifications)
    .where(and(eq(alertNotifications.workspaceId, workspaceId), eq(alertNotifications.status, 'sent')))
    .groupBy(alertNotifications.ruleId, alertNotifications.subject);
  return new Map(rows.filter((r) => r.sentAt).map((r) => [`${r.ruleId}\u0000${r.subject}`, iso(r.sentAt)]));
}

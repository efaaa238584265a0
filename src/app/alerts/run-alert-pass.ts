import { v7 as uuidv7 } from 'uuid';
import type { AlertChannel, AlertSender } from '../../core/alerts/alert-channel.ts';
import { alertNotification } from '../../core/alerts/alert-notification.ts';
import { type AlertDiff, type AlertEventKind, channelsFor, diffAlerts } from '../../core/alerts/diff-alerts.ts';
import { assertAdmin } from '../../core/auth/role-policy.ts';
import { alertNotices } from '../../core/people/alert-people.ts';
import { listChannelRows } from '../../store/alert-channel-rows.ts';
import { listInstanceRows, saveInstanceRows } from '../../store/alert-instance-rows.ts';
import { type AttemptResult, anyDueNotification, claimDueNotifications, insertNotificationRows, type NotificationRow, recordAttempt } from '../../store/alert-notification-rows.ts';
import { loadAlertRules } from '../../store/alert-rule-rows.ts';
import { deliverPersonEmails } from '../people/deliver-person-emails.ts';
import { notifyPeopleIn } from '../people/notify-people.ts';
import { actorOf, type Session } from '../session.ts';
import { inWriteTransaction } from '../write-context.ts';
import { evaluateAlertRules } from './alert-signals.ts';
import { settleDelivery } from './settle-delivery.ts';

export interface AlertPassOptions {
  /** Compute and report, write and send nothing. */
  readonly dryRun?: boolean;
  /** How notifications leave (src/integrations/alerts/); tests pass the real one with their own env. */
  readonly send: AlertSender;
  /** The server's public address, to make the links in notifications absolute. */
  readonly baseUrl?: string | undefined;
  /** How long a pass's claim on a notification lasts before another pass may send it (default 5 minutes). */
  readonly claimMs?: number;
}

export interface AlertPassEvent {
  readonly event: AlertEventKind;
  readonly rule: string;
  readonly severity: string;
  readonly subject: string;
  readonly label: string;
  readonly level: number;
  readonly message: string;
  readonly channels: readonly string[];
}

export interface AlertPassDelivery {
  readonly channel: string;
  readonly event: string;
  readonly rule: string;
  readonly subject: string;
  readonly attempt: number;
  readonly status: 'sent' | 'failed' | 'skipped';
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly retryAt: string | null;
}

export interface AlertPassReport {
  readonly at: string;
  readonly dryRun: boolean;
  readonly rules: number;
  /** Instances firing after the pass. */
  readonly firing: number;
  readonly events: readonly AlertPassEvent[];
  readonly deliveries: readonly AlertPassDelivery[];
  readonly errors: readonly { readonly rule: string; readonly message: string }[];
}

const CLAIM_MS = 5 * 60_000;

function eventsOf(diff: AlertDiff): AlertPassEvent[] {
  return diff.events.map((e) => ({
    event: e.kind,
    rule: e.rule.id,
    severity: e.rule.severity,
    subject: e.instance.subject,
    label: e.instance.label,
    level: e.instance.level,
    message: e.instance.message,
    channels: channelsFor(e.rule, e.instance.level),
  }));
}

/**
 * One alert pass: evaluate every rule, compare with the stored instances, and notify what
 * changed. The comparison is made again under the workspace's write lock, where the new state
 * and its notifications (the outbox) are written and every due notification is claimed; the
 * claimed ones are sent after the commit and each attempt is logged. So two passes at once
 * notify each event once, a pass over unchanged state writes nothing, and a failed delivery
 * is retried, with backoff, by later passes.
 *
 * @example await runAlertPass(session, { send: createAlertSender() }) // { events: [{ event: 'firing', rule: 'blocked-work', … }], deliveries: […] }
 */
export async function runAlertPass(session: Session, options: AlertPassOptions): Promise<AlertPassReport> {
  const dryRun = options.dryRun ?? false;
  if (!dryRun) assertAdmin(actorOf(session), 'run an alert pass (try --dry-run)');
  const now = session.clock();
  const db = session.store.db;
  const ws = session.workspaceId;
  const rules = await loadAlertRules(db, ws);
  const signals = await evaluateAlertRules(session, rules, now);
  const diffWith = (stored: Awaited<ReturnType<typeof listInstanceRows>>) => diffAlerts({ now, rules, evaluated: signals.evaluated, firing: signals.firing, stored });
  const before = await listInstanceRows(db, ws, { all: true });
  const preview = diffWith(before);
  const report = (diff: AlertDiff, deliveries: AlertPassDelivery[]): AlertPassReport => ({
    at: now.toISOString(),
    dryRun,
    rules: rules.length,
    firing: signals.firing.filter((f) => signals.evaluated.has(f.ruleId)).length + before.filter((b) => b.state === 'firing' && !signals.evaluated.has(b.ruleId)).length,
    events: eventsOf(diff),
    deliveries,
    errors: signals.errors,
  });
  if (dryRun) return report(preview, []);
  if (preview.changed.length === 0 && !(await anyDueNotification(db, ws, now))) {
    await deliverPersonEmails(session, options.send, { baseUrl: options.baseUrl });
    return report(preview, []);
  }

  const { diff, claimed } = await inWriteTransaction(session, 'run an alert pass', async (w) => {
    // Another pass may have written since the preview: compare again under the lock.
    const current = diffWith(await listInstanceRows(w.db, ws, { all: true }));
    await saveInstanceRows(w.db, ws, current.changed);
    const outbox = current.events.flatMap((event) =>
      channelsFor(event.rule, event.instance.level).map((channel) => ({
        id: uuidv7(),
        ruleId: event.rule.id,
        subject: event.instance.subject,
        event: event.kind,
        channel,
        payload: alertNotification(event, { workspace: ws, at: now, baseUrl: options.baseUrl }),
        createdAt: now.toISOString(),
        nextAttemptAt: now.toISOString(),
      })),
    );
    await insertNotificationRows(w.db, ws, outbox);
    // The people an alert names hear of it in person too (ADR 072), in the same commit.
    await notifyPeopleIn(w.db, { workspaceId: ws, actor: 'alerts' }, now, alertNotices(current.events));
    return { diff: current, claimed: await claimDueNotifications(w.db, ws, now, options.claimMs ?? CLAIM_MS) };
  });
  const deliveries = await deliverClaimed(session, claimed, options.send);
  await deliverPersonEmails(session, options.send, { baseUrl: options.baseUrl });
  return report(diff, deliveries);
}

/** Sends each claimed notification (after the commit: no lock is held while a channel answers), then logs the attempts. */
async function deliverClaimed(session: Session, claimed: readonly NotificationRow[], send: AlertSender): Promise<AlertPassDelivery[]> {
  if (claimed.length === 0) return [];
  const channels = new Map<string, AlertChannel>((await listChannelRows(session.store.db, session.workspaceId)).map((c) => [c.name, c]));
  const results: AttemptResult[] = [];
  for (const n of claimed) results.push(await settleDelivery({ notification: n, channel: channels.get(n.channel), send, clock: session.clock }));
  await inWriteTransaction(session, 'log alert deliveries', async (w) => {
    for (const r of results) await recordAttempt(w.db, session.workspaceId, r);
  });
  return results.map((r) => ({
    channel: r.notification.channel,
    event: r.notification.event,
    rule: r.notification.ruleId,
    subject: r.notification.subject,
    attempt: r.notification.attempts,
    status: r.status,
    statusCode: r.statusCode,
    error: r.error,
    retryAt: r.retryAt,
  }));
}

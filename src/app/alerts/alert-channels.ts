import { v7 as uuidv7 } from 'uuid';
import { type AlertChannel, type AlertSender, type ChannelInput, parseChannel } from '../../core/alerts/alert-channel.ts';
import { testNotification } from '../../core/alerts/alert-notification.ts';
import { assertAdmin } from '../../core/auth/role-policy.ts';
import { notFound } from '../../core/errors.ts';
import { deleteChannelRow, findChannelRow, listChannelRows, type StoredChannel, saveChannelRow } from '../../store/alert-channel-rows.ts';
import { insertNotificationRows, recordAttempt } from '../../store/alert-notification-rows.ts';
import { appendAudit } from '../../store/audit-rows.ts';
import { actorOf, type Session } from '../session.ts';
import { inWriteTransaction, type WriteContext } from '../write-context.ts';
import { settleDelivery } from './settle-delivery.ts';

async function auditChannel(w: WriteContext, action: string, before: AlertChannel | null, after: AlertChannel | null): Promise<void> {
  await appendAudit(w.db, w.session.store.trust, w.session.workspaceId, {
    at: w.now.toISOString(),
    actor: w.session.actor,
    action,
    recordId: null,
    database: null,
    recordKey: null,
    before,
    after,
  });
}

/**
 * Adds a notification channel, or replaces the one of that name (admins only). It holds no
 * secret: a webhook secret or SMTP password is named by its environment variable.
 *
 * @example await addChannel(session, { name: 'ops-alerts', webhook: 'https://hooks.example.com/eos', secretEnv: 'EOS_ALERT_WEBHOOK_SECRET' })
 */
export async function addChannel(session: Session, input: ChannelInput): Promise<StoredChannel> {
  assertAdmin(actorOf(session), 'change alert channels');
  const channel = parseChannel(input);
  return inWriteTransaction(session, 'change alert channels', async (w) => {
    const before = await findChannelRow(w.db, session.workspaceId, channel.name);
    await saveChannelRow(w.db, session.workspaceId, channel, w.now.toISOString(), session.actor);
    await auditChannel(w, before ? 'alert.channel.replace' : 'alert.channel.add', before ?? null, channel);
    return { ...channel, createdAt: w.now.toISOString(), createdBy: session.actor };
  });
}

export async function listChannels(session: Session): Promise<StoredChannel[]> {
  return listChannelRows(session.store.db, session.workspaceId);
}

export async function removeChannel(session: Session, name: string): Promise<StoredChannel> {
  assertAdmin(actorOf(session), 'change alert channels');
  return inWriteTransaction(session, 'change alert channels', async (w) => {
    const channel = await findChannelRow(w.db, session.workspaceId, name);
    if (!channel || !(await deleteChannelRow(w.db, session.workspaceId, name))) throw noChannel(name, await listChannelRows(w.db, session.workspaceId));
    await auditChannel(w, 'alert.channel.remove', channel, null);
    return channel;
  });
}

function noChannel(name: string, channels: readonly AlertChannel[]) {
  const known = channels.length > 0 ? `channels: ${channels.map((c) => c.name).join(', ')}` : 'there are none yet (eos alerts channel add)';
  return notFound(`There is no alert channel '${name}'; ${known}`, { channel: name });
}

export interface ChannelTestResult {
  readonly channel: string;
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly response: string | null;
  readonly error: string | null;
}

/** Sends a test notification to one channel now (admins only), logs the attempt, and says how it went. */
export async function testChannel(session: Session, name: string, send: AlertSender): Promise<ChannelTestResult> {
  assertAdmin(actorOf(session), 'test alert channels');
  const channel = await findChannelRow(session.store.db, session.workspaceId, name);
  if (!channel) throw noChannel(name, await listChannelRows(session.store.db, session.workspaceId));
  const at = session.clock();
  const payload = testNotification({ workspace: session.workspaceId, channel: name, at });
  const row = { id: uuidv7(), ruleId: 'test', subject: name, event: 'test', channel: name, payload, createdAt: at.toISOString(), nextAttemptAt: null };
  const result = await settleDelivery({ notification: { ...row, status: 'sending', attempts: 1 }, channel, send, clock: session.clock });
  await inWriteTransaction(session, 'log alert deliveries', async (w) => {
    await insertNotificationRows(w.db, session.workspaceId, [row]);
    // A test is tried once: it says how the channel answers now.
    await recordAttempt(w.db, session.workspaceId, { ...result, retryAt: null });
  });
  return { channel: name, ok: result.status === 'sent', statusCode: result.statusCode, response: result.response, error: result.error };
}

import type { AlertSender, EmailChannel } from '../../core/alerts/alert-channel.ts';
import { personNotification } from '../../core/alerts/alert-notification.ts';
import { listChannelRows } from '../../store/alert-channel-rows.ts';
import { pendingEmails, setEmailState } from '../../store/people-rows.ts';
import type { Session } from '../session.ts';

export interface PersonEmailResult {
  readonly to: string;
  readonly kind: string;
  readonly ok: boolean;
  readonly error: string | null;
}

/**
 * E-mails the notifications marked for it, each to its person's address, through the first
 * e-mail alert channel's SMTP server (its host, port, sender and login; ADR 072). Run by every
 * alert pass. Each is tried once: a failure is logged on it (`failed`) and it stays in the inbox.
 */
export async function deliverPersonEmails(session: Session, send: AlertSender, options: { baseUrl?: string | undefined } = {}): Promise<PersonEmailResult[]> {
  const pending = await pendingEmails(session.store.db, session.workspaceId, 200);
  if (pending.length === 0) return [];
  const smtp = (await listChannelRows(session.store.db, session.workspaceId)).find((c): c is typeof c & EmailChannel => c.kind === 'email');
  const results: PersonEmailResult[] = [];
  for (const n of pending) {
    const outcome =
      smtp && n.email
        ? await send({ ...smtp, config: { ...smtp.config, to: [n.email] } }, personNotification(n, { workspace: session.workspaceId, baseUrl: options.baseUrl }))
        : { ok: false, error: smtp ? `${n.userName} has no e-mail address` : 'there is no e-mail channel (eos alerts channel add NAME --email …)' };
    await setEmailState(session.store.db, session.workspaceId, n.id, outcome.ok ? 'sent' : 'failed');
    results.push({ to: n.email ?? n.userName, kind: n.kind, ok: outcome.ok, error: outcome.error });
  }
  return results;
}

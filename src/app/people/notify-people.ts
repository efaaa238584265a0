import { v7 as uuidv7 } from 'uuid';
import { emailKindsOf } from '../../core/people/notification-kinds.ts';
import type { PersonNotice } from '../../core/people/person-notice.ts';
import { listChannelRows } from '../../store/alert-channel-rows.ts';
import { insertNotificationRows, type NotificationRow, seenDedupes } from '../../store/people-rows.ts';
import type { Db } from '../../store/store.ts';
import { listUsers } from '../../store/user-rows.ts';

/**
 * Writes each named person's in-app notification in the caller's transaction, so it commits with
 * what caused it. One who acted is not told of their own act; names that are not users (an
 * outsider typed into a person field) are skipped. A notification is marked for e-mail when the
 * person has an address, wants that kind by e-mail, and an e-mail channel exists; the alert pass
 * sends them (deliverPersonEmails). Returns how many were written.
 */
export async function notifyPeopleIn(db: Db, scope: { readonly workspaceId: string; readonly actor: string }, at: Date, events: readonly PersonNotice[]): Promise<number> {
  if (events.every((e) => e.to.length === 0)) return 0;
  const users = new Map((await listUsers(db, scope.workspaceId)).map((u) => [u.name.toLowerCase(), u]));
  const canEmail = (await listChannelRows(db, scope.workspaceId)).some((c) => c.kind === 'email');
  const rows: NotificationRow[] = [];
  const given = new Set<string>();
  for (const event of events) {
    for (const name of event.to) {
      const user = users.get(name.toLowerCase());
      if (!user || user.name === scope.actor) continue;
      // One notification per person and record per kind in one write (an update naming ana twice).
      const once = `${user.name}\u0000${event.kind}\u0000${event.recordKey}\u0000${event.dedupe ?? ''}`;
      if (given.has(once)) continue;
      given.add(once);
      if (event.dedupe && (await seenDedupes(db, scope.workspaceId, user.name, [event.dedupe])).size > 0) continue;
      const email = canEmail && user.email !== null && emailKindsOf(user.emailKinds).includes(event.kind);
      rows.push({
        id: uuidv7(),
        userName: user.name,
        kind: event.kind,
        recordKey: event.recordKey,
        by: scope.actor,
        at: at.toISOString(),
        text: event.text,
        details: event.details ?? {},
        read: false,
        emailState: email ? 'pending' : null,
        dedupe: event.dedupe ?? null,
      });
    }
  }
  await insertNotificationRows(db, scope.workspaceId, rows);
  return rows.length;
}

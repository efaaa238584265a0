import { and, asc, eq } from 'drizzle-orm';
import type { AlertChannel } from '../core/alerts/alert-channel.ts';
import { alertChannels } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

export type StoredChannel = AlertChannel & { readonly createdAt: string; readonly createdBy: string };

function toChannel(row: typeof alertChannels.$inferSelect): StoredChannel {
  return { name: row.name, kind: row.kind, config: row.config, createdAt: iso(row.createdAt), createdBy: row.createdBy } as unknown as StoredChannel;
}

export async function listChannelRows(db: Db, workspaceId: string): Promise<StoredChannel[]> {
  const rows = await db.select().from(alertChannels).where(eq(alertChannels.workspaceId, workspaceId)).orderBy(asc(alertChannels.name));
  return rows.map(toChannel);
}

export async function findChannelRow(db: Db, workspaceId: string, name: string): Promise<StoredChannel | undefined> {
  const rows = await db
    .select()
    .from(alertChannels)
    .where(and(eq(alertChannels.workspaceId, workspaceId), eq(alertChannels.name, name)));
  return rows[0] ? toChannel(rows[0]) : undefined;
}

/** Adds a channel, or replaces the one of that name. */
export async function saveChannelRow(db: Db, workspaceId: string, channel: AlertChannel, at: string, by: string): Promise<void> {
  const values = { workspaceId, name: channel.name, kind: channel.kind, config: channel.config as unknown as Record<string, unknown>, createdAt: at, createdBy: by };
  await db
    .insert(alertChannels)
    .values(values)
    .onConflictDoUpdate({ target: [alertChannels.workspaceId, alertChannels.name], set: { kind: values.kind, config: values.config, createdAt: at, createdBy: by } });
}

/** Removes a channel; says whether there was one. */
export async function deleteChannelRow(db: Db, workspaceId: string, name: string): Promise<boolean> {
  const removed = await db
    .delete(alertChannels)
    .where(and(eq(alertChannels.workspaceId, workspaceId), eq(alertChannels.name, name)))
    .returning({ name: alertChannels.name });
  return removed.length > 0;
}

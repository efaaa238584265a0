import { webhookDeliveries } from './schema-requests.ts';
import type { Db } from './store.ts';

/** Records a webhook delivery as taken; false when it was taken before (a replay). */
export async function insertWebhookDelivery(db: Db, workspaceId: string, delivery: { deliveryId: string; event: string; receivedAt: string }): Promise<boolean> {
  const inserted = await db
    .insert(webhookDeliveries)
    .values({ workspaceId, ...delivery })
    .onConflictDoNothing()
    .returning({ deliveryId: webhookDeliveries.deliveryId });
  return inserted.length > 0;
}

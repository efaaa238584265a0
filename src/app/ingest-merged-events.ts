import type { EventBatchInput } from '../core/metrics/event-batch.ts';
import { storedDeploymentPart, storedIncident, storedPullRequest } from '../store/stored-delivery-events.ts';
import { insertWebhookDelivery } from '../store/webhook-delivery-rows.ts';
import { type IngestResult, ingestEvents } from './ingest-events.ts';
import type { Session } from './session.ts';
import { inWriteTransaction } from './write-context.ts';

type PullRequestInput = NonNullable<EventBatchInput['pullRequests']>[number];
type DeploymentInput = NonNullable<EventBatchInput['deployments']>[number];
type IncidentInput = NonNullable<EventBatchInput['incidents']>[number];

/** What is stored of one event, read inside the caller's write transaction (under the lock). */
export interface StoredEvents {
  pullRequest(id: string): Promise<PullRequestInput | undefined>;
  deploymentPart(id: string): Promise<DeploymentInput | undefined>;
  incident(id: string): Promise<IncidentInput | undefined>;
  /** Takes a webhook delivery id under the lock: false when it was taken before (a replay). */
  takeDelivery(deliveryId: string, event: string): Promise<boolean>;
}

/** Ingests a batch inside the transaction; `source` names the input in error messages. */
export type IngestInTransaction = (batch: EventBatchInput, source: string) => Promise<IngestResult>;

/**
 * Reads what is stored of an event and ingests the merge of it with an update, in one
 * transaction that holds the workspace's write lock (ADR 026), so two updates of the same PR
 * can't overwrite each other's reviews. `merge` gets the stored events and the ingest; what
 * it returns is returned. A viewer is refused before anything is read.
 *
 * @example await ingestMerged(session, 'ingest webhooks', async (stored, ingest) => ingest({ incidents: [mergeIncident(await stored.incident(id), update)] }, 'the incident webhook'))
 */
export async function ingestMerged<T>(session: Session, what: string, merge: (stored: StoredEvents, ingest: IngestInTransaction) => Promise<T>): Promise<T> {
  return inWriteTransaction(session, what, async (w) => {
    const ws = session.workspaceId;
    const stored: StoredEvents = {
      pullRequest: (id) => storedPullRequest(w.db, ws, id),
      deploymentPart: (id) => storedDeploymentPart(w.db, ws, id),
      incident: (id) => storedIncident(w.db, ws, id),
      takeDelivery: (deliveryId, event) => insertWebhookDelivery(w.db, ws, { deliveryId, event, receivedAt: w.now.toISOString() }),
    };
    // ingestEvents runs inside this transaction (as a savepoint), after the stored rows are read under the lock.
    const inTx: Session = { ...session, store: { ...session.store, db: w.db } };
    return merge(stored, (batch, source) => ingestEvents(inTx, batch, { source }));
  });
}

import { createHash } from 'node:crypto';
import type { IngestResult } from '../app/ingest-events.ts';
import { ingestMerged } from '../app/ingest-merged-events.ts';
import type { Session } from '../app/session.ts';
import { invalidInput } from '../core/errors.ts';
import type { EventBatchInput } from '../core/metrics/event-batch.ts';
import { verifyWebhookSignature } from './github/verify-webhook-signature.ts';
import { GITHUB_WEBHOOK_EVENTS, githubWebhookUpdate, mergeDeployment, mergePullRequest } from './github/webhook-events.ts';
import { incidentVendorOf, vendorIncidentEvent } from './incidents/incident-vendor-webhooks.ts';
import { mergeIncident, parseIncidentUpdate } from './incidents/incident-webhook.ts';

export const WEBHOOK_EVENTS = [...GITHUB_WEBHOOK_EVENTS, 'incident'] as const;

export interface WebhookInput {
  /** The `X-GitHub-Event` header, or `incident` for the generic incident payload. */
  readonly event: string | undefined;
  readonly payload: unknown;
  /** When set, `signature` must be the `X-Hub-Signature-256` of `rawBody` under it. */
  readonly secret?: string;
  readonly rawBody?: string | Uint8Array;
  readonly signature?: string;
  /**
   * The delivery's id (GitHub's X-GitHub-Delivery, or X-Delivery-Id): a delivery already taken is
   * answered `duplicate` and writes nothing. An incident without one is identified by its id and
   * content, so only a resend of the very same payload is a replay.
   */
  readonly deliveryId?: string | undefined;
}

export interface WebhookResult {
  readonly event: string;
  /** What was stored, or null when the delivery changes nothing (with the reason). */
  readonly stored: IngestResult | null;
  readonly ignored?: string;
  readonly id?: string;
  /** The delivery was taken before (same delivery id): nothing was written. */
  readonly duplicate?: true;
}

/** An incident payload's own identity: its id and a hash of its content. */
function incidentDeliveryId(payload: unknown): string | undefined {
  const id = (payload as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  return `incident:${id}:${createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 32)}`;
}

/**
 * POST /api/v1/events: one webhook delivery, verified when a secret is configured, merged
 * with what is stored and ingested, in one transaction that holds the workspace's write lock,
 * so two deliveries for the same PR can't overwrite each other's reviews.
 */
export async function ingestWebhook(session: Session, input: WebhookInput): Promise<WebhookResult> {
  if (input.secret) verifyWebhookSignature({ secret: input.secret, body: input.rawBody ?? JSON.stringify(input.payload), signature: input.signature });
  const event = input.event?.trim() ?? '';
  if (!(WEBHOOK_EVENTS as readonly string[]).includes(event)) {
    throw invalidInput(`eos takes the webhook events ${WEBHOOK_EVENTS.join(', ')}; this delivery is '${event || '(no X-GitHub-Event header)'}'`, { event });
  }
  if (typeof input.payload !== 'object' || input.payload === null) throw invalidInput(`The ${event} payload must be a JSON object`, { event });
  const deliveryId = input.deliveryId ?? (event === 'incident' ? incidentDeliveryId(input.payload) : undefined);
  return ingestMerged(session, 'ingest webhooks', async (stored, ingestBatch): Promise<WebhookResult> => {
    // Under the write lock and in the same transaction: of two copies of one delivery, one writes.
    if (deliveryId && !(await stored.takeDelivery(deliveryId, event))) {
      return { event, stored: null, duplicate: true, ignored: `delivery ${deliveryId} was already taken` };
    }
    const ingest = async (batch: EventBatchInput, id: string) => ({ event, id, stored: await ingestBatch(batch, `the ${event} webhook`) });
    const vendor = event === 'incident' ? incidentVendorOf(input.payload) : undefined;
    if (vendor) {
      // PagerDuty, Opsgenie, incident.io: the incident's fields and its acknowledgement. An
      // acknowledgement of an incident eos has not stored, with no start in the payload, is kept alone.
      const read = vendorIncidentEvent(vendor, input.payload as Record<string, unknown>);
      if ('ignored' in read) return { event: vendor, stored: null, ignored: read.ignored };
      const before = await stored.incident(read.incident.id);
      const incidents = before || read.incident.createdAt ? [mergeIncident(before, read.incident)] : [];
      return { event: vendor, id: read.incident.id, stored: await ingestBatch({ incidents, incidentAcks: [...read.acks] }, `the ${vendor} webhook`) };
    }
    if (event === 'incident') {
      const update = parseIncidentUpdate(input.payload);
      return ingest({ incidents: [mergeIncident(await stored.incident(update.id), update)] }, update.id);
    }
    const update = githubWebhookUpdate(event, input.payload as Parameters<typeof githubWebhookUpdate>[1]);
    if (update.kind === 'ignored') return { event, stored: null, ignored: update.reason };
    if (update.kind === 'pullRequest') return ingest({ pullRequests: [mergePullRequest(await stored.pullRequest(update.pullRequest.id), update)] }, update.pullRequest.id);
    return ingest({ deployments: [mergeDeployment(await stored.deploymentPart(update.deployment.id), update.deployment)] }, update.deployment.id);
  });
}

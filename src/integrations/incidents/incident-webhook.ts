import type { z } from 'zod';
import { invalidInput } from '../../core/errors.ts';
import { type EventBatchInput, incidentSchema } from '../../core/metrics/event-batch.ts';

type IncidentInput = NonNullable<EventBatchInput['incidents']>[number];

/** The generic incident payload: the §7 incident entry, where only `id` is required; what is left out keeps its stored value. */
const incidentUpdateSchema = incidentSchema.partial().required({ id: true });

export type IncidentUpdate = z.output<typeof incidentUpdateSchema>;

/**
 * Reads a generic incident webhook (`{"id": "INC-7", "resolvedAt": "…"}`), refusing unknown
 * keys and bad values with their paths, as `eos ingest events` does.
 *
 * @example parseIncidentUpdate({ id: 'INC-7', severity: 'P1', createdAt: '2026-01-10T09:00:00Z' })
 */
export function parseIncidentUpdate(payload: unknown): IncidentUpdate {
  const parsed = incidentUpdateSchema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => ({
    path: i.path.join('.') || '(top level)',
    message: i.code === 'unrecognized_keys' ? `unknown key${i.keys.length === 1 ? '' : 's'} ${i.keys.map((k) => `'${k}'`).join(', ')}` : i.message,
  }));
  throw invalidInput(`The incident payload has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
    problems,
  });
}

/** The stored incident with the update's keys laid over it; a new incident needs its createdAt. */
export function mergeIncident(stored: IncidentInput | undefined, update: IncidentUpdate): IncidentInput {
  const given = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)) as IncidentUpdate;
  const merged = { ...stored, ...given };
  if (!merged.createdAt) {
    throw invalidInput(`Incident '${update.id}' is not stored yet, so the payload needs its createdAt (ISO-8601)`, { problems: [{ path: 'createdAt', message: 'is required' }] });
  }
  return merged as IncidentInput;
}

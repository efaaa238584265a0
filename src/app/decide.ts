import { v7 as uuidv7 } from 'uuid';
import type { Decision } from '../core/decisions/decision.ts';
import { invalidInput } from '../core/errors.ts';
import { assertJson } from '../core/limits.ts';
import { appendAudit } from '../store/audit-rows.ts';
import { type DecisionQuery, insertDecision, listDecisions as listDecisionRows } from '../store/decision-rows.ts';
import { findRecord } from './records/find-record.ts';
import type { Session } from './session.ts';
import { inWriteTransaction, type WriteContext } from './write-context.ts';

export interface DecisionInput {
  readonly scope: string;
  readonly action: string;
  readonly summary: string;
  readonly rationale?: string | undefined;
  readonly record?: string | undefined;
  readonly evidence?: readonly string[] | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

/** Appends a decision inside an open write transaction; it is audited like any write. */
export async function decideIn(w: WriteContext, input: DecisionInput): Promise<Decision> {
  assertJson(input, 'decision');
  const problems = (['scope', 'action', 'summary'] as const).filter((k) => !input[k]?.trim());
  if (problems.length > 0) throw invalidInput(`A decision needs ${problems.join(', ')}`, { missing: problems });
  const record = input.record ? await findRecord(w.db, w.session, input.record) : null;
  const decision: Decision = {
    id: uuidv7(),
    at: w.now.toISOString(),
    actor: w.session.actor,
    scope: input.scope.trim(),
    action: input.action.trim(),
    summary: input.summary.trim(),
    rationale: input.rationale?.trim() || null,
    recordId: record?.id ?? null,
    recordKey: record?.key ?? null,
    evidence: [...(input.evidence ?? [])],
    details: { ...(input.details ?? {}) },
  };
  await insertDecision(w.db, w.session.workspaceId, decision);
  await appendAudit(w.db, w.session.store.trust, w.session.workspaceId, {
    at: decision.at,
    actor: decision.actor,
    action: 'decision.create',
    recordId: decision.recordId,
    database: record?.database ?? null,
    recordKey: decision.recordKey,
    before: null,
    after: decision,
  });
  return decision;
}

/**
 * Appends to the decision log (seed 002): `eos decide --scope release --action release.go …`.
 */
export async function decide(session: Session, input: DecisionInput): Promise<Decision> {
  return inWriteTransaction(session, 'record decisions', (w) => decideIn(w, input));
}

export async function listDecisions(session: Session, query: DecisionQuery & { record?: string | undefined }): Promise<Decision[]> {
  const record = query.record ? await findRecord(session.store.db, session, query.record) : undefined;
  return listDecisionRows(session.store.db, session.workspaceId, { ...query, recordId: record?.id });
}

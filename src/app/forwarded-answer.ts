import { EosError } from '../core/errors.ts';
import { deleteIdempotencyKey, findIdempotencyKeyOfActor } from '../store/idempotency-rows.ts';
import type { Store } from '../store/store.ts';
import { claimIdempotencyKey, idempotencyHash } from './idempotency.ts';

/** The route `eos serve` takes CLI commands on, as its Idempotency-Keys record it. */
export const FORWARDED_CLI_ROUTE = 'POST /api/internal/cli';

/** What a forwarded CLI command printed, and its exit code. */
export interface ForwardedAnswer {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * After a server went away while running a forwarded command (ADR 053): its kept answer, or an
 * error when it committed a write but kept no answer, or undefined when it never ran it (then
 * the command may run here; a claim the dead server left is removed).
 */
export async function forwardedAnswer(store: Store, command: { actor: string; key: string; body: string }): Promise<ForwardedAnswer | EosError | undefined> {
  const actor = `cli:${command.actor}`;
  const row = await findIdempotencyKeyOfActor(store.db, actor, command.key);
  if (!row) return undefined;
  const request = { workspaceId: row.workspaceId, actor, key: command.key, route: FORWARDED_CLI_ROUTE, requestHash: idempotencyHash(FORWARDED_CLI_ROUTE, command.body) };
  try {
    const claim = await claimIdempotencyKey(store, request, { waitMs: 0 });
    if (claim.kind === 'replay') return JSON.parse(claim.answer.body) as ForwardedAnswer;
    await deleteIdempotencyKey(store.db, request);
    return undefined;
  } catch (error) {
    if (error instanceof EosError) return error;
    throw error;
  }
}

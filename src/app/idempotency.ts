import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { EosError, type ErrorCode, invalidInput } from '../core/errors.ts';
import {
  deleteIdempotencyKey,
  deleteIdempotencyKeysBefore,
  findIdempotencyKey,
  type IdempotencyId,
  insertIdempotencyKey,
  markIdempotencyCommitted,
  saveIdempotentAnswer,
  takeOverIdempotencyKey,
} from '../store/idempotency-rows.ts';
import { holderLiveness, processStart, thisBoot } from '../store/process-identity.ts';
import type { Db, Store } from '../store/store.ts';

/** How long a key's answer is kept (docs/api.md). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

/** A write request sent with an `Idempotency-Key` (ADR 053). */
export interface IdempotentRequest extends IdempotencyId {
  /** `METHOD /path`: the same key on another route is refused. */
  readonly route: string;
  /** idempotencyHash(route, body). */
  readonly requestHash: string;
}

/** What a write answered, kept to answer its retries. */
export interface IdempotentAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export type IdempotencyClaim = { readonly kind: 'run' } | { readonly kind: 'replay'; readonly answer: IdempotentAnswer };

/** An Idempotency-Key refusal, with the HTTP status it answers with (422 or 409). */
export class IdempotencyRefusal extends EosError {
  readonly status: number;
  constructor(code: ErrorCode, status: number, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.status = status;
  }
}

/**
 * The request's fingerprint: its route and its body as sent (JSON text).
 * @example idempotencyHash('POST /api/v1/databases/changes/records', '{"fields":{"Title":"x"}}')
 */
export function idempotencyHash(route: string, body: string): string {
  return createHash('sha256').update(`${route}\n${body}`).digest('hex');
}

/** Keys are what clients generate (a UUID, say): 1 to 200 visible ASCII characters. */
export function checkIdempotencyKey(key: string): string {
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw invalidInput('The Idempotency-Key header must be 1 to 200 visible ASCII characters, e.g. a UUID', { in: 'headers', field: 'idempotency-key' });
  }
  return key;
}

function thisProcess(): string {
  return JSON.stringify({ pid: process.pid, host: hostname(), started: processStart(process.pid), boot: thisBoot() });
}

function ownerAlive(owner: string): boolean {
  try {
    return holderLiveness(JSON.parse(owner)) !== 'dead';
  } catch {
    return false;
  }
}

export interface ClaimOptions {
  readonly now?: Date;
  /** How long a duplicate waits for the first request to finish before a 409 (default 10 s). */
  readonly waitMs?: number;
}

/**
 * Claims `request`'s key before its write runs, or says how to answer a retry: the stored answer
 * (`replay`); 422 when the key came with another route or body; 409 when the first request
 * still runs after `waitMs`, or ran its write but died before its answer was kept. A key whose
 * process died before writing anything is taken over and run again.
 */
export async function claimIdempotencyKey(store: Store, request: IdempotentRequest, options: ClaimOptions = {}): Promise<IdempotencyClaim> {
  const now = options.now ?? new Date();
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  const owner = thisProcess();
  await deleteIdempotencyKeysBefore(store.db, request.workspaceId, new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString());
  for (;;) {
    if (await insertIdempotencyKey(store.db, { ...request, owner, createdAt: now.toISOString() })) return { kind: 'run' };
    const row = await findIdempotencyKey(store.db, request);
    if (!row) continue;
    if (row.route !== request.route || row.requestHash !== request.requestHash) {
      throw new IdempotencyRefusal(
        'invalid_input',
        422,
        `This Idempotency-Key was used at ${row.createdAt} for ${row.route === request.route ? 'a request with another body' : row.route}; a retry must send the same request. Use a new key for a new request.`,
        { in: 'headers', field: 'idempotency-key' },
      );
    }
    if (row.status !== null && row.response !== null)
      return { kind: 'replay', answer: { status: row.status, contentType: row.contentType ?? 'application/json; charset=utf-8', body: row.response } };
    if (!ownerAlive(row.owner)) {
      if (row.committedAt) {
        throw new IdempotencyRefusal(
          'conflict',
          409,
          `The request with this Idempotency-Key was carried out at ${row.committedAt}, but the process running it stopped before its answer was kept; it is not run again. Look up its result instead.`,
          { committedAt: row.committedAt },
        );
      }
      if (await takeOverIdempotencyKey(store.db, request, row.owner, owner)) return { kind: 'run' };
      continue;
    }
    if (Date.now() >= deadline) {
      throw new IdempotencyRefusal('conflict', 409, 'A request with this Idempotency-Key is still running; retry once it has finished to get its answer.', {});
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Keeps the answer of a claimed request. A failure that committed nothing (`failed`: by default
 * any 4xx or 5xx) releases the key instead, so a retry runs again.
 */
export async function settleIdempotencyKey(store: Store, request: IdempotencyId, answer: IdempotentAnswer, failed = answer.status >= 400): Promise<void> {
  const row = await findIdempotencyKey(store.db, request);
  // Kept already, in the write's own transaction (answerInScope): that answer stands.
  if (row?.status !== null && row?.status !== undefined) return;
  if (!row?.committedAt && failed) {
    await deleteIdempotencyKey(store.db, request);
    return;
  }
  await saveIdempotentAnswer(store.db, request, { status: answer.status, contentType: answer.contentType, response: answer.body });
}

interface Scope {
  readonly request: IdempotencyId;
  /** How the route answers the write's result, when it keeps that answer in the write's transaction. */
  readonly answer?: (result: unknown) => IdempotentAnswer;
}

const scope = new AsyncLocalStorage<Scope>();

/** Runs a claimed request's handler: every write transaction it commits marks the key committed with it. */
export function runIdempotent<T>(request: IdempotencyId, fn: () => T): T {
  return scope.run({ request }, fn);
}

/**
 * Runs `fn` (a write of people or tokens) so that, under a claimed Idempotency-Key, its answer is
 * kept in the same transaction as the write (markCommittedInScope): a process killed between the
 * commit and its reply leaves an answer to replay, never a write to run twice (ADR 060).
 * `render` turns the write's result into the reply; outside a claimed key it is not called.
 */
export function answerInScope<T>(render: (result: T) => IdempotentAnswer, fn: () => Promise<T>): Promise<T> {
  const current = scope.getStore();
  if (!current) return fn();
  return scope.run({ request: current.request, answer: render as (result: unknown) => IdempotentAnswer }, fn);
}

/**
 * Called inside every write transaction (inWriteTransaction, inAuthTransaction): ties the key's
 * `committed_at` to the write's commit and, when the route said how it answers (answerInScope)
 * and the result is known, keeps that answer in the same commit.
 */
export async function markCommittedInScope(db: Db, at: Date, result?: { readonly value: unknown }): Promise<void> {
  const current = scope.getStore();
  if (!current) return;
  await markIdempotencyCommitted(db, current.request, at.toISOString());
  if (current.answer && result) {
    const answer = current.answer(result.value);
    await saveIdempotentAnswer(db, current.request, { status: answer.status, contentType: answer.contentType, response: answer.body });
  }
}

import type { Actor } from '../../core/auth/roles.ts';
import { appendAudit } from '../../store/audit-rows.ts';
import { lockWorkspace } from '../../store/record-rows.ts';
import type { Db } from '../../store/store.ts';
import { markCommittedInScope } from '../idempotency.ts';
import { witnessHead } from '../witness-head.ts';
import type { AuthScope } from './auth-scope.ts';

export interface AuthChange {
  readonly action: 'user.add' | 'user.update' | 'token.create' | 'token.revoke';
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
}

/**
 * Runs a change to people or tokens in one transaction holding the workspace's write lock, and
 * appends it to the audit trail (never a secret or a hash: names, roles and token ids only).
 * A `change` of null means nothing changed, and nothing is appended.
 */
export async function inAuthTransaction<T>(scope: AuthScope, actor: Actor, at: Date, fn: (db: Db) => Promise<{ result: T; change: AuthChange | null }>): Promise<T> {
  const result = await scope.store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockWorkspace(db, scope.workspaceId, 'people');
    const { result, change } = await fn(db);
    if (change === null) return result;
    await appendAudit(db, scope.store.trust, scope.workspaceId, {
      at: at.toISOString(),
      actor: actor.name,
      action: change.action,
      recordId: null,
      database: null,
      recordKey: null,
      before: change.before,
      after: change.after,
    });
    // With an Idempotency-Key: committed, and the answer kept, in this same commit (ADR 060).
    await markCommittedInScope(db, at, { value: result });
    return result;
  });
  await witnessHead(scope.store, scope.workspaceId);
  return result;
}

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { createRecord } from '../../src/app/records/create-record.ts';
import { signRecord } from '../../src/app/records/sign-record.ts';
import { moveRecord, updateRecord } from '../../src/app/records/update-record.ts';
import { openSession, type Session } from '../../src/app/session.ts';
import type { Role } from '../../src/core/auth/roles.ts';
import type { Store } from '../../src/store/store.ts';
import { openEngine } from '../support/engines.ts';
import { failure } from '../support/failure.ts';
import { newWorkspace } from '../support/workspace.ts';

export const PACK = fileURLToPath(new URL('../../packs/engineering-os', import.meta.url));
export const NOW = new Date('2026-06-01T12:00:00.000Z');

/** The `gate/criterion` ids a refused move names. */
export async function unmet(promise: Promise<unknown>): Promise<string[]> {
  const error = await failure(promise);
  expect(error.code).toBe('gate_blocked');
  return (error.details.unmet as { gate: string; criterion: string }[]).map((u) => `${u.gate}/${u.criterion}`);
}

export interface PackHarness {
  readonly session: () => Session;
  create(database: string, fields: Record<string, string>): Promise<string>;
  set(ref: string, fields: Record<string, string>): Promise<void>;
  move(ref: string, ...to: string[]): Promise<string>;
  /** Signs a sign-off as `by`, who holds `role` and proved who they are (a token or a web session would, ADR 044). */
  sign(ref: string, field: string, by: string, role: Role, verdict?: 'go' | 'no_go'): Promise<void>;
}

/** A fresh engineering-os workspace on PGlite for the describe block it is called in, at a fixed clock. */
export function packWorkspace(): PackHarness {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine('pglite');
    s = await newWorkspace(store, { pack: PACK, clock: () => NOW });
    // Generous: a shared, loaded CI machine can take long to open a store; speed is the benchmarks' job.
  }, 180_000);
  afterAll(async () => {
    await store.close();
  });
  return {
    session: () => s,
    create: async (database, fields) => (await createRecord(s, { database, set: Object.entries(fields) })).record.key,
    set: async (ref, fields) => {
      await updateRecord(s, { ref, set: Object.entries(fields) });
    },
    move: async (ref, ...to) => {
      let status = '';
      for (const next of to) status = (await moveRecord(s, { ref, to: next })).record.status;
      return status;
    },
    sign: async (ref, field, by, role, verdict = 'go') => {
      const signer = await openSession({ store, workspaceId: s.workspaceId, actor: by, role, verified: true, clock: () => NOW });
      await signRecord(signer, { ref, field, verdict });
    },
  };
}

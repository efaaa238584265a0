import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/app/auth/add-user.ts';
import { createToken } from '../src/app/auth/create-token.ts';
import { TokenCache } from '../src/app/auth/token-cache.ts';
import { updateUser } from '../src/app/auth/update-user.ts';
import type { Session } from '../src/app/session.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const ADMIN = { name: 'root', role: 'admin' } as const;

describe.each(ENGINES)('TokenCache on %s', (engine) => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store);
    await addUser(s, ADMIN, { name: 'root', role: 'admin' });
    await addUser(s, ADMIN, { name: 'ed', role: 'editor' });
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps a lookup until cleared or expired, then reads the store again', async () => {
    let now = Date.parse('2026-03-01T09:00:00Z');
    const cache = new TokenCache({ store, workspaceId: s.workspaceId, clock: () => new Date(now) }, { ttlMs: 30_000 });
    const { token } = await createToken(s, ADMIN, { user: 'ed' });
    expect(await cache.authenticate(token)).toEqual({ name: 'ed', role: 'editor', verified: true });
    await updateUser(s, ADMIN, { name: 'ed', role: 'qa' });
    now += 1000;
    expect(await cache.authenticate(token)).toEqual({ name: 'ed', role: 'editor', verified: true });
    cache.clear();
    expect(await cache.authenticate(token)).toEqual({ name: 'ed', role: 'qa', verified: true });
    await updateUser(s, ADMIN, { name: 'ed', role: 'sre' });
    now += 30_000;
    expect(await cache.authenticate(token)).toEqual({ name: 'ed', role: 'sre', verified: true });
  });

  it('refuses an unknown token and remembers no failure', async () => {
    const cache = new TokenCache({ store, workspaceId: s.workspaceId });
    const error = await failure(cache.authenticate('eos_nope'));
    expect(error.code).toBe('unauthenticated');
  });
});

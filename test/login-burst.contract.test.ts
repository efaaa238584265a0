import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/app/auth/add-user.ts';
import { logIn } from '../src/app/auth/log-in.ts';
import type { Session } from '../src/app/session.ts';
import { openPostgres } from '../src/store/open-postgres.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine, POSTGRES_URL } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

const ADMIN = { name: 'root', role: 'admin' } as const;
const PASSWORD = 'correct horse battery';

async function outcome(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

function tally(codes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

describe.each(ENGINES)('the login limit under a parallel burst on %s (issue 11, point 6)', (engine) => {
  let stores: Store[];
  let s: Session;
  beforeAll(async () => {
    const first = await openEngine(engine);
    // On PostgreSQL the burst comes through three separate pools, as from three server processes.
    stores = engine === 'postgres' ? [first, await openPostgres(POSTGRES_URL, { poolSize: 10 }), await openPostgres(POSTGRES_URL, { poolSize: 10 })] : [first];
    s = await newWorkspace(first);
    await addUser(s, ADMIN, { name: 'root', role: 'admin', password: PASSWORD });
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  it('300 wrong passwords at once from one address: 5 are checked, 295 refused before any check', async () => {
    const attempts = Array.from({ length: 300 }, (_, i) =>
      outcome(logIn({ store: stores[i % stores.length] as Store, workspaceId: s.workspaceId }, { username: 'root', password: `guess ${i}`, ip: '203.0.113.7' })),
    );
    expect(tally(await Promise.all(attempts))).toEqual({ unauthenticated: 5, rate_limited: 295 });
    // The address has used its budget: even the right password is not checked now.
    expect(await outcome(logIn(s, { username: 'root', password: PASSWORD, ip: '203.0.113.7' }))).toBe('rate_limited');
  });

  it('a right password forgets its attempt: ten sign-ins in a row from one address all pass', async () => {
    const ws = { store: stores[0] as Store, workspaceId: s.workspaceId };
    await addUser(s, ADMIN, { name: 'eve', role: 'viewer', password: PASSWORD });
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) codes.push(await outcome(logIn(ws, { username: 'eve', password: PASSWORD, ip: '198.51.100.1' })));
    expect(codes).toEqual(Array(10).fill('ok'));
    // Four wrong ones and a right one: the right one clears the username, so four more wrong ones (from another address) are checked.
    for (let i = 0; i < 4; i++) expect(await outcome(logIn(ws, { username: 'eve', password: `wrong ${i}`, ip: '198.51.100.2' }))).toBe('unauthenticated');
    expect(await outcome(logIn(ws, { username: 'eve', password: PASSWORD, ip: '198.51.100.3' }))).toBe('ok');
    for (let i = 0; i < 4; i++) expect(await outcome(logIn(ws, { username: 'eve', password: `wrong ${i}`, ip: '198.51.100.4' }))).toBe('unauthenticated');
    expect(await outcome(logIn(ws, { username: 'eve', password: 'wrong again', ip: '198.51.100.4' }))).toBe('unauthenticated');
    expect(await outcome(logIn(ws, { username: 'eve', password: PASSWORD, ip: '198.51.100.5' }))).toBe('rate_limited');
  });
});

import { addUser } from '../../src/app/auth/add-user.ts';
import { createToken } from '../../src/app/auth/create-token.ts';
import type { Actor, Role } from '../../src/core/auth/roles.ts';
import type { Store } from '../../src/store/store.ts';

/** The people every HTTP test workspace has, by name, with their roles. */
export const TEST_USERS = { root: 'admin', ana: 'editor', vic: 'viewer' } as const satisfies Record<string, Role>;

export type TestUserName = keyof typeof TEST_USERS;

export interface TestUsers {
  /** The Authorization header of one of TEST_USERS, from a real API token. */
  headers(name: TestUserName): Record<string, string>;
}

/** Adds TEST_USERS to a workspace as real users, each with an API token. */
export async function createTestUsers(store: Store, workspaceId: string): Promise<TestUsers> {
  const scope = { store, workspaceId };
  const root: Actor = { name: 'root', role: 'admin' };
  const tokens = new Map<string, string>();
  for (const [name, role] of Object.entries(TEST_USERS)) {
    await addUser(scope, root, { name, role });
    tokens.set(name, (await createToken(scope, root, { user: name, name: 'tests' })).token);
  }
  return { headers: (name) => ({ authorization: `Bearer ${tokens.get(name)}` }) };
}
